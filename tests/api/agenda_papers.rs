//! Meeting papers as files, like the media library's: typed by their bytes, refused over the council's upload
//! limit with 413, downloaded with ranges, 304 and the library's headers, uploaded as multipart forms; no temporary
//! file left behind.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PDF, TestApp, error_code, spawn_app, upload_paper as upload};

/// York with a clerk and one meeting: (clerk's token, meeting id).
async fn york_meeting(app: &TestApp) -> (String, String) {
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let clerk = app
        .member(&admin, "york", "clerk@york.test", "democratic_services")
        .await
        .access;
    let m = app
        .meeting(
            &clerk,
            "york",
            json!({"name": "Executive", "kind": "executive"}),
            json!({"start": "2027-06-15T18:00"}),
        )
        .await;
    (clerk, m)
}

/// How many temporary upload files are left.
fn leftovers(app: &TestApp) -> usize {
    std::fs::read_dir(app.settings.upload_dir.join("tmp"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[tokio::test]
async fn papers_are_typed_by_their_bytes_like_the_media_library() {
    let app = spawn_app().await;
    let (clerk, m) = york_meeting(&app).await;
    let docx = crate::helpers::zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", "<Relationships/>"),
        ("word/_rels/document.xml.rels", "<Relationships/>"),
        ("word/document.xml", "<w:document/>"),
    ]);
    let paper: Value = upload(
        &app,
        &clerk,
        &m,
        "kind=report&title=Letter&file_name=letter.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &docx,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        paper["content_type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    // The bytes decide, not the declared type: a PDF sent as text is a PDF.
    let pdf: Value = upload(
        &app,
        &clerk,
        &m,
        "kind=report&title=Report&file_name=report.pdf",
        "text/plain",
        PDF,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(pdf["content_type"], "application/pdf");

    // A ZIP that is not a DOCX is refused, as in the media library, with the same answer.
    let not_docx = crate::helpers::zip_of(&[("payload.exe", "MZ")]);
    let refused = upload(
        &app,
        &clerk,
        &m,
        "kind=report&title=Letter&file_name=letter.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &not_docx,
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let refused: Value = refused.json().await.unwrap();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(not_docx).file_name("letter.docx"),
    );
    let in_library: Value = app
        .client
        .post(app.url("/api/v1/councils/york/media"))
        .bearer_auth(&clerk)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(refused["error"]["code"], "unsupported_media_type");
    assert_eq!(refused["error"]["message"], in_library["error"]["message"]);
    // Empty, HTML and SVG papers are refused too.
    for (name, bytes) in [
        ("empty.pdf", &b""[..]),
        ("page.html", b"<!DOCTYPE html><html></html>"),
        (
            "logo.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
        ),
    ] {
        let response = upload(
            &app,
            &clerk,
            &m,
            &format!("kind=report&title=x&file_name={name}"),
            "text/plain",
            bytes,
        )
        .await;
        assert_eq!(
            error_code(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await,
            "unsupported_media_type",
            "{name}"
        );
    }
    let agenda: Value = app
        .get(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(agenda["documents"].as_array().map(Vec::len), Some(2));
    assert_eq!(leftovers(&app), 0, "no temporary file is left behind");
}

#[tokio::test]
async fn a_paper_over_the_councils_upload_limit_is_refused_with_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let app = spawn_app().await;
    let (clerk, m) = york_meeting(&app).await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        "UPDATE councils SET media_max_bytes = 1000 WHERE slug = 'york'",
    )
    .await
    .unwrap();
    let query = "kind=report&title=Big&file_name=big.txt";
    let accepted = upload(&app, &clerk, &m, query, "text/plain", &[b'a'; 1000]).await;
    assert_eq!(accepted.status(), StatusCode::CREATED);
    // Declared over the limit: refused before a byte is read, with the media library's answer.
    let refused = upload(&app, &clerk, &m, query, "text/plain", &[b'a'; 1001]).await;
    assert_eq!(refused.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(refused["error"]["code"], "payload_too_large");
    assert_eq!(refused["error"]["details"]["limit_bytes"], 1000);
    assert_eq!(
        refused["error"]["message"],
        "The file is larger than this council's limit of 1000 bytes."
    );

    // Sent in chunks with no declared length: refused as soon as it passes the limit.
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap();
    let head = format!(
        "POST /api/v1/councils/york/meetings/{m}/documents?{query} HTTP/1.1\r\nHost: localhost\r\n\
         Authorization: Bearer {clerk}\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for _ in 0..4 {
        let chunk = [b'b'; 400];
        let sent = async {
            stream.write_all(b"190\r\n").await?;
            stream.write_all(&chunk).await?;
            stream.write_all(b"\r\n").await
        }
        .await;
        if sent.is_err() {
            break; // the server may answer and close before the rest is sent
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");

    let agenda: Value = app
        .get(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(agenda["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(leftovers(&app), 0, "no temporary file is left behind");
}

#[tokio::test]
async fn paper_downloads_have_ranges_304_and_the_media_librarys_headers() {
    let app = spawn_app().await;
    let (clerk, m) = york_meeting(&app).await;
    let report: Value = upload(
        &app,
        &clerk,
        &m,
        "kind=report&title=Report&file_name=report.pdf",
        "application/pdf",
        PDF,
    )
    .await
    .json()
    .await
    .unwrap();
    let sheet: Value = upload(
        &app,
        &clerk,
        &m,
        "kind=appendix&title=Figures&file_name=figures.csv",
        "text/csv",
        b"ward,votes\nMicklegate,1200\n",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(sheet["content_type"], "text/csv");
    let published = app
        .post(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda/publish"),
            &json!({}),
        )
        .await;
    assert_eq!(published.status(), StatusCode::OK);

    let url = app.url(report["url"].as_str().unwrap());
    let whole = app.client.get(&url).send().await.unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    assert_eq!(
        whole.headers()["content-disposition"],
        "inline; filename=\"report.pdf\""
    );
    assert_eq!(whole.headers()["cache-control"], "public, max-age=300");
    let etag = whole.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"{}\"", report["sha256"].as_str().unwrap()));

    let part = app
        .client
        .get(&url)
        .header("range", "bytes=5-14")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 5-14/{}", PDF.len())
    );
    assert_eq!(part.bytes().await.unwrap().as_ref(), &PDF[5..=14]);
    let beyond = app
        .client
        .get(&url)
        .header("range", "bytes=9999-")
        .send()
        .await
        .unwrap();
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    for if_none_match in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"other\", {etag}"),
        "*".to_owned(),
    ] {
        let cached = app
            .client
            .get(&url)
            .header("if-none-match", &if_none_match)
            .send()
            .await
            .unwrap();
        assert_eq!(cached.status(), StatusCode::NOT_MODIFIED, "{if_none_match}");
        assert_eq!(cached.headers()["etag"], etag.as_str());
        assert!(cached.bytes().await.unwrap().is_empty());
    }
    let changed = app
        .client
        .get(&url)
        .header("if-none-match", "\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);

    // Types browsers should not open in place are attachments, as in the media library.
    let csv = app
        .client
        .get(app.url(sheet["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()["content-type"], "text/csv");
    assert_eq!(
        csv.headers()["content-disposition"],
        "attachment; filename=\"figures.csv\""
    );
}

/// A paper upload in the media library's form: `multipart/form-data` with the file and its fields.
async fn upload_form(
    app: &TestApp,
    token: &str,
    meeting: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    if let Some((name, bytes)) = file {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        );
    }
    app.client
        .post(app.url(&format!(
            "/api/v1/councils/york/meetings/{meeting}/documents"
        )))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn papers_upload_as_multipart_forms_like_media() {
    let app = spawn_app().await;
    let (clerk, m) = york_meeting(&app).await;
    let response = upload_form(
        &app,
        &clerk,
        &m,
        &[
            ("kind", "report"),
            ("title", "Budget report"),
            ("restricted", "true"),
        ],
        Some(("Budget Report.pdf", PDF)),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let paper: Value = response.json().await.unwrap();
    assert_eq!(paper["kind"], "report");
    assert_eq!(paper["title"], "Budget report");
    assert_eq!(paper["content_type"], "application/pdf");
    assert_eq!(paper["restricted"], true);
    assert!(
        paper["url"].as_str().unwrap_or_default().ends_with(".pdf"),
        "the part's file name is the download name: {paper}"
    );

    // Fields are checked like the raw form's, and a refused upload leaves nothing behind.
    for (fields, field) in [
        (vec![("title", "No kind")], "kind"),
        (vec![("kind", "speech"), ("title", "x")], "kind"),
        (vec![("kind", "report")], "title"),
        (
            vec![("kind", "report"), ("title", "x"), ("agenda_item", "7")],
            "agenda_item",
        ),
    ] {
        let response = upload_form(&app, &clerk, &m, &fields, Some(("a.pdf", PDF))).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["error"]["details"]["fields"][0]["field"], field,
            "{body}"
        );
    }
    let html = upload_form(
        &app,
        &clerk,
        &m,
        &[("kind", "report"), ("title", "Page")],
        Some(("page.pdf", b"<!DOCTYPE html><html></html>")),
    )
    .await;
    assert_eq!(
        error_code(html, StatusCode::UNSUPPORTED_MEDIA_TYPE).await,
        "unsupported_media_type"
    );
    let agenda: Value = app
        .get(
            &clerk,
            &format!("/api/v1/councils/york/meetings/{m}/agenda"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(agenda["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(leftovers(&app), 0, "no temporary file is left behind");
}
