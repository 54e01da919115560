//! Export and restore a council (issue 13, item 8): one archive holds every record of the council with a
//! manifest of SHA-256s; it restores into another instance on either database (SQLite to the suite's database and
//! back) with identical manifests and equal answers; a damaged or altered archive is refused whole and writes
//! nothing; a copy restored beside its original gets new ids; the command line and the REST endpoints agree.
use std::{collections::BTreeMap, io::Read, process::Command};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app_sqlite_with, spawn_app_with, table_counts};
use crate::references::{PNG, upload};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

pub(crate) fn allow_private(s: &mut townhall::config::Settings) {
    s.webhooks_allow_private = true;
}

pub(crate) async fn ok(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

/// Fills York with one of everything: members, web content with an image and revisions, a news item, ModernGov
/// councillors, a committee, a meeting with an agenda item and papers (one restricted), a webhook.
async fn fill(app: &TestApp) -> (String, String, Vec<String>) {
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let editor = app
        .member(&admin, "york", "editor@york.test", "editor")
        .await
        .access;
    let media = upload(app, &editor, "york").await;
    let (page, _) = app
        .create_item(
            &editor,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Bins and recycling", "slug": "bins", "body": [
                {"type": "paragraph", "content": [{"text": "Your bins are collected every week."}]},
                {"type": "image", "media_id": media, "alt": "A bin"}
            ]}}}),
        )
        .await;
    app.publish(&admin, "york", "pages", &page).await;
    let (news, _) = app
        .create_item(
            &editor,
            "york",
            "news",
            json!({"translations": {"en": {"title": "New bins", "slug": "new-bins", "summary": "Bins",
                "body": [{"type": "paragraph", "content": [{"text": "Green bins."}]}]}},
                "image": {"media_id": media, "alt": "A green bin"}}),
        )
        .await;
    app.publish(&admin, "york", "news", &news).await;
    ok(
        app.client
            .post(app.url("/api/v1/councils/york/imports/moderngov/councillors-by-ward"))
            .bearer_auth(&admin)
            .header("content-type", "application/xml")
            .body(crate::helpers::councillors_by_ward("kirklees.gov.uk.xml"))
            .send()
            .await
            .expect("request"),
        "import councillors",
    )
    .await;
    let committee = ok(
        app.post(
            &admin,
            "/api/v1/councils/york/committees",
            &json!({"name": "Executive", "kind": "executive"}),
        )
        .await,
        "committee",
    )
    .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let meeting = ok(
        app.post(
            &admin,
            "/api/v1/councils/york/meetings",
            &json!({"committee_id": committee, "start": "2027-03-02T10:00"}),
        )
        .await,
        "meeting",
    )
    .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let mut papers = Vec::new();
    for (query, what) in [
        ("kind=report&title=Budget&file_name=budget.pdf", "a paper"),
        (
            "kind=report&title=Land&file_name=land.pdf&restricted=true",
            "a restricted paper",
        ),
    ] {
        let response =
            crate::helpers::upload_paper(app, &admin, &meeting, query, "application/pdf", PDF)
                .await;
        let url = ok(response, what).await["url"]
            .as_str()
            .expect("url")
            .to_owned();
        papers.push(url.replace(&app.address, ""));
    }
    ok(
        app.post(
            &admin,
            "/api/v1/councils/york/webhooks",
            &json!({"url": "http://127.0.0.1:9/hook", "events": ["published"], "kinds": []}),
        )
        .await,
        "webhook",
    )
    .await;
    (admin, media, papers)
}

/// The archive's parts: name to bytes.
pub(crate) fn parts(archive: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(archive));
    let mut parts = BTreeMap::new();
    for entry in tar.entries().expect("a tar") {
        let mut entry = entry.expect("entry");
        let name = entry.path().expect("name").to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        parts.insert(name, bytes);
    }
    parts
}

pub(crate) fn manifest(archive: &[u8]) -> Value {
    serde_json::from_slice(&parts(archive)["manifest.json"]).expect("manifest JSON")
}

/// An archive with these parts, in this order.
pub(crate) fn repack(parts: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    for (name, bytes) in parts {
        // The name is set byte for byte (the tar crate would refuse `..`, which an attacker's archive can hold).
        let mut header = tar::Header::new_old();
        header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, bytes.as_slice()).expect("append");
    }
    builder.into_inner().expect("tar").finish().expect("gzip")
}

pub(crate) async fn export(app: &TestApp, admin: &str, council: &str) -> Vec<u8> {
    let response = app
        .get(admin, &format!("/api/v1/councils/{council}/archive"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"].to_str().expect("type"),
        "application/gzip"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .expect("disposition")
        .to_owned();
    assert!(
        disposition.starts_with(&format!("attachment; filename=\"{council}-")),
        "{disposition}"
    );
    response.bytes().await.expect("body").to_vec()
}

/// The archive of a York filled by [`fill`] on a server of its own.
pub(crate) async fn york_archive() -> Vec<u8> {
    let source = spawn_app_with(allow_private).await;
    let (admin, _, _) = fill(&source).await;
    export(&source, &admin, "york").await
}

pub(crate) async fn import(
    app: &TestApp,
    admin: &str,
    archive: Vec<u8>,
    slug: Option<&str>,
) -> reqwest::Response {
    let path = match slug {
        Some(slug) => format!("/api/v1/archives?slug={slug}"),
        None => "/api/v1/archives".to_owned(),
    };
    app.client
        .post(app.url(&path))
        .bearer_auth(admin)
        .header("content-type", "application/gzip")
        .body(archive)
        .send()
        .await
        .expect("request")
}

/// What a front-end sees of York: the page and news by delivery, the democratic records and search by GraphQL,
/// the image's bytes.
async fn public_view(app: &TestApp, council: &str, media: &str) -> Value {
    let get = |path: String| async move {
        let response = app
            .client
            .get(app.url(&path))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.json::<Value>().await.expect("json")
    };
    let page = get(format!("/delivery/v1/councils/{council}/route?path=/bins")).await;
    let news = get(format!("/delivery/v1/councils/{council}/news")).await;
    let graphql = app
        .graphql_json(&format!(
            r#"{{ council(slug: "{council}") {{
                name wards {{ name gssCode }} parties {{ name }}
                councillors(first: 100) {{ nodes {{ displayName seats {{ ward {{ name }} }} }} }}
                committees {{ name }}
                meetings(first: 10) {{ nodes {{ title start documents {{ title }} }} }}
                allPages(first: 10) {{ nodes {{ title path bodyHtml publishedAt }} }}
                search(query: "bins") {{ totalCount }}
            }} }}"#
        ))
        .await;
    assert_eq!(graphql["errors"], Value::Null, "{graphql}");
    let image = app
        .client
        .get(app.url(&format!("/media/{council}/{media}/pixel.png")))
        .send()
        .await
        .expect("request");
    assert_eq!(image.status(), StatusCode::OK);
    let image = image.bytes().await.expect("bytes").to_vec();
    assert_eq!(image, PNG);
    json!({"page": page, "news": news, "graphql": graphql["data"]})
}

/// The answers as text with what names the server (its address) taken out, so that two instances' answers
/// compare byte for byte: times included, kept to the microsecond on both databases.
fn without_host(view: Value, app: &TestApp) -> String {
    view.to_string().replace(&app.address, "HOST")
}

#[tokio::test]
async fn a_council_moves_between_databases_and_back_with_identical_manifests_and_answers() {
    // SQLite (the embedded default) -> the suite's database (PostgreSQL in CI's second run) -> SQLite.
    let first = spawn_app_sqlite_with(allow_private).await;
    let (first_admin, media, papers) = fill(&first).await;
    let before = without_host(public_view(&first, "york", &media).await, &first);
    // Times are among what is compared: when the page and the news were published.
    assert!(
        before.contains(r#""publishedAt":"20"#) && before.contains(r#""published_at":"20"#),
        "{before}"
    );

    // The command line writes the archive, and restores it elsewhere.
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("york.townhall.tar.gz");
    let cli = |app: &TestApp, args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_townhall"))
            .args(args)
            .env("TOWNHALL_DATABASE_URL", &app.settings.database_url)
            .env("TOWNHALL_UPLOAD_DIR", &app.settings.upload_dir)
            .env("TOWNHALL_JWT_SECRET", crate::helpers::JWT_SECRET)
            .env_remove("DATABASE_URL")
            .output()
            .expect("run townhall");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "townhall {args:?}: {stdout}\n{stderr}"
        );
        stdout
    };
    let said = cli(
        &first,
        &[
            "export-council",
            "--council",
            "york",
            "--out",
            file.to_str().expect("path"),
        ],
    );
    assert!(said.contains("council york"), "{said}");
    let archived = std::fs::read(&file).expect("the archive");
    let first_manifest = manifest(&archived);
    let names: Vec<&str> = first_manifest["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    for part in [
        "records/councils.json",
        "records/users.json",
        "records/memberships.json",
        "records/content_items.json",
        "records/content_revisions.json",
        "records/record_revisions.json",
        "records/councillors.json",
        "records/documents.json",
        "records/media.json",
        "records/webhooks.json",
    ] {
        assert!(names.contains(&part), "{part} in {names:?}");
    }
    // Three files: the image and two papers.
    assert_eq!(
        names.iter().filter(|n| n.starts_with("files/")).count(),
        3,
        "{names:?}"
    );
    let records = parts(&archived);
    let users = String::from_utf8_lossy(&records["records/users.json"]).into_owned();
    assert!(users.contains("editor@york.test"), "{users}");
    assert!(!users.contains("argon2"), "no password hashes: {users}");
    let hooks = String::from_utf8_lossy(&records["records/webhooks.json"]).into_owned();
    assert!(
        !hooks.contains("whsec_") && !hooks.contains("secret"),
        "no secrets: {hooks}"
    );
    // Each part's hash is in the manifest.
    for part in first_manifest["parts"].as_array().expect("parts") {
        let name = part["name"].as_str().expect("name");
        assert_eq!(
            part["sha256"].as_str().expect("sha256"),
            sha256_hex(&records[name]),
            "{name}"
        );
    }

    let second = spawn_app_with(allow_private).await;
    let second_admin = second.platform_admin().await;
    let said = cli(&second, &["import-council", file.to_str().expect("path")]);
    assert!(said.contains("restored council york"), "{said}");
    assert!(said.contains("new signing secret whsec_"), "{said}");
    let after_second = without_host(public_view(&second, "york", &media).await, &second);
    assert_eq!(after_second, before, "answers after the move");
    let second_archive = export(&second, &second_admin, "york").await;
    assert_eq!(
        manifest(&second_archive),
        first_manifest,
        "manifests after the move"
    );

    // And back to SQLite, over REST.
    let third = spawn_app_sqlite_with(allow_private).await;
    let third_admin = third.platform_admin().await;
    let restored = ok(
        import(&third, &third_admin, second_archive, None).await,
        "import",
    )
    .await;
    assert_eq!(restored["slug"], "york");
    assert_eq!(restored["rekeyed"], false);
    assert_eq!(restored["files"], 3);
    assert_eq!(restored["created_accounts"], 1, "{restored}");
    assert!(
        restored["webhooks"][0]["secret"]
            .as_str()
            .is_some_and(|s| s.starts_with("whsec_"))
    );
    let after_third = without_host(public_view(&third, "york", &media).await, &third);
    assert_eq!(after_third, before, "answers after the move back");
    assert_eq!(
        manifest(&export(&third, &third_admin, "york").await),
        first_manifest
    );

    // The papers' bytes came along, and the restricted one stays restricted; the member's account exists
    // without a usable password.
    for paper in &papers {
        let bytes = third.get(&third_admin, paper).await;
        assert_eq!(bytes.status(), StatusCode::OK, "{paper}");
        assert_eq!(bytes.bytes().await.expect("bytes").as_ref(), PDF);
    }
    let anonymous = third
        .client
        .get(third.url(&papers[1]))
        .send()
        .await
        .expect("request");
    assert!(
        [
            StatusCode::UNAUTHORIZED,
            StatusCode::FORBIDDEN,
            StatusCode::NOT_FOUND
        ]
        .contains(&anonymous.status()),
        "the restricted paper: {}",
        anonymous.status()
    );
    let login = third
        .login_response("editor@york.test", crate::helpers::PASSWORD)
        .await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);

    // Each instance's audit log says what happened.
    let log = ok(
        third
            .get(&third_admin, "/api/v1/audit?action=council.restored")
            .await,
        "log",
    )
    .await;
    assert!(log.to_string().contains("council.restored"), "{log}");
    let log = ok(
        first
            .get(
                &first_admin,
                "/api/v1/councils/york/audit?action=council.exported",
            )
            .await,
        "log",
    )
    .await;
    assert!(log.to_string().contains("council.exported"), "{log}");
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn a_damaged_or_altered_archive_is_refused_whole_and_writes_nothing() {
    let archive = york_archive().await;

    let target = spawn_app_with(allow_private).await;
    let admin = target.platform_admin().await;
    let counts = table_counts(&target.db).await;
    let files = || files_under(&target.settings.upload_dir).len();
    assert_eq!(files(), 0);

    let good = parts(&archive);
    let mut altered_record = good.clone();
    let items = altered_record
        .get_mut("records/content_items.json")
        .expect("content items");
    let at = items.iter().position(|b| *b == b'B').expect("a letter B");
    items[at] = b'C';
    let mut altered_file = good.clone();
    let file = altered_file
        .keys()
        .find(|k| k.starts_with("files/"))
        .cloned()
        .expect("a file");
    altered_file.get_mut(&file).expect("file").push(0);
    let mut missing = good.clone();
    missing.remove("records/memberships.json");
    let mut extra = good.clone();
    extra.insert("records/extra.json".into(), b"[]".to_vec());
    let mut no_manifest = good.clone();
    no_manifest.remove("manifest.json");
    let mut traversal = good.clone();
    traversal.insert("../escape".into(), b"x".to_vec());

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a record altered",
            repack(&altered_record),
            "does not match the manifest",
        ),
        (
            "a file altered",
            repack(&altered_file),
            "does not match the manifest",
        ),
        (
            "a part missing",
            repack(&missing),
            "is missing from the archive",
        ),
        ("a part added", repack(&extra), "not in its manifest"),
        ("no manifest", repack(&no_manifest), "no manifest"),
        ("a path outside", repack(&traversal), "unexpected part"),
        (
            "cut short",
            archive[..archive.len() / 2].to_vec(),
            "damaged",
        ),
        ("not an archive", b"hello".to_vec(), "damaged"),
    ];
    for (what, bytes, says) in cases {
        let response = import(&target, &admin, bytes, None).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}"
        );
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], "validation_failed", "{what}: {body}");
        let message = body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
            + &body["error"]["details"].to_string();
        assert!(message.contains(says), "{what}: {body}");
        assert_eq!(
            table_counts(&target.db).await,
            counts,
            "{what}: nothing written"
        );
        assert_eq!(files(), 0, "{what}: no file stored");
    }

    // Not as gzip: 415; not a platform administrator: 403; the unaltered archive still restores.
    let response = target
        .client
        .post(target.url("/api/v1/archives"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(archive.clone())
        .send()
        .await
        .expect("request");
    assert_eq!(
        error_code(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await,
        "unsupported_media_type"
    );
    target.create_council(&admin, "leeds", "england").await;
    let leeds_admin = target
        .member(&admin, "leeds", "admin@leeds.test", "admin")
        .await
        .access;
    assert_eq!(
        import(&target, &leeds_admin, archive.clone(), None)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        target
            .get(&leeds_admin, "/api/v1/councils/leeds/archive")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    ok(
        import(&target, &admin, archive, None).await,
        "the good archive",
    )
    .await;
    assert_eq!(files(), 3);
}

/// The parts with their manifest made to match them again: what someone who alters an archive on purpose sends.
pub(crate) fn reseal(mut parts: BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut manifest: Value = serde_json::from_slice(&parts["manifest.json"]).expect("manifest");
    for part in manifest["parts"].as_array_mut().expect("parts") {
        let name = part["name"].as_str().expect("name").to_owned();
        let bytes = &parts[&name];
        part["sha256"] = json!(sha256_hex(bytes));
        part["bytes"] = json!(bytes.len());
    }
    parts.insert(
        "manifest.json".into(),
        serde_json::to_vec(&manifest).expect("json"),
    );
    repack(&parts)
}

#[tokio::test]
async fn a_forged_archive_cannot_reach_into_another_council() {
    let archive = york_archive().await;
    let york_id = manifest(&archive)["council"]["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let target = spawn_app_with(allow_private).await;
    let admin = target.platform_admin().await;
    let leeds = target.create_council(&admin, "leeds", "england").await;
    let leeds_id = leeds["id"].as_str().expect("id").to_owned();
    let counts = table_counts(&target.db).await;

    let good = parts(&archive);
    let forged = |name: &str, from: &str, to: &str| {
        let mut parts = good.clone();
        let text = String::from_utf8(parts[name].clone()).expect("utf-8");
        let changed = text.replacen(from, to, 1);
        assert_ne!(changed, text, "{name} holds {from}");
        parts.insert(name.to_owned(), changed.into_bytes());
        reseal(parts)
    };
    let stranger = {
        let mut parts = good.clone();
        let mut memberships: Vec<Value> =
            serde_json::from_slice(&parts["records/memberships.json"]).expect("memberships");
        memberships[0]["user_id"] = json!(uuid::Uuid::new_v4().to_string());
        parts.insert(
            "records/memberships.json".into(),
            serde_json::to_vec(&memberships).expect("json"),
        );
        reseal(parts)
    };
    let cases = vec![
        (
            "a page put into Leeds",
            forged(
                "records/content_items.json",
                &format!("\"council_id\":\"{york_id}\""),
                &format!("\"council_id\":\"{leeds_id}\""),
            ),
            "belongs to another council",
        ),
        (
            "a file of Leeds named",
            forged(
                "records/media.json",
                &format!("\"storage_key\":\"{york_id}/"),
                &format!("\"storage_key\":\"{leeds_id}/"),
            ),
            "names a file of another council",
        ),
        (
            "a membership of an account the archive does not carry",
            stranger,
            "an account the archive does not carry",
        ),
    ];
    for (what, bytes, says) in cases {
        let response = import(&target, &admin, bytes, None).await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
        assert!(body.to_string().contains(says), "{what}: {body}");
        assert_eq!(
            table_counts(&target.db).await,
            counts,
            "{what}: nothing written"
        );
    }
}

/// The files under a directory, at any depth.
pub(crate) fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

#[tokio::test]
async fn a_copy_beside_its_original_gets_new_ids_and_both_serve_their_own() {
    let app = spawn_app_with(allow_private).await;
    let (admin, media, _) = fill(&app).await;
    let archive = export(&app, &admin, "york").await;

    let taken = import(&app, &admin, archive.clone(), None).await;
    assert_eq!(error_code(taken, StatusCode::CONFLICT).await, "conflict");
    let bad = import(&app, &admin, archive.clone(), Some("York%20Copy")).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let restored = ok(
        import(&app, &admin, archive, Some("york-copy")).await,
        "copy",
    )
    .await;
    assert_eq!(restored["rekeyed"], true);
    assert_eq!(
        restored["linked_accounts"], 1,
        "the editor's account exists here: {restored}"
    );
    assert_eq!(restored["created_accounts"], 0);

    let original = app
        .client
        .get(app.url("/delivery/v1/councils/york/route?path=/bins"))
        .send()
        .await
        .expect("request");
    let original: Value = original.json().await.expect("json");
    let copy = app
        .client
        .get(app.url("/delivery/v1/councils/york-copy/route?path=/bins"))
        .send()
        .await
        .expect("request");
    assert_eq!(copy.status(), StatusCode::OK);
    let copy: Value = copy.json().await.expect("json");
    assert_ne!(
        copy["item"]["id"], original["item"]["id"],
        "the copy has its own ids"
    );
    assert_eq!(copy["item"]["title"], original["item"]["title"]);
    assert!(copy["item"]["title"].is_string(), "{copy}");
    let copy_text = copy.to_string();
    assert!(
        !copy_text.contains(&media),
        "the copy's image is its own file: {copy_text}"
    );
    let copied_media = ok(
        app.get(&admin, "/api/v1/councils/york-copy/media").await,
        "list",
    )
    .await;
    let copied_id = copied_media["items"][0]["id"]
        .as_str()
        .expect("a file")
        .to_owned();
    assert!(copy_text.contains(&copied_id), "{copy_text}");
    let bytes = app
        .client
        .get(app.url(&format!("/media/york-copy/{copied_id}/pixel.png")))
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(bytes.as_ref(), PNG);

    // The editor can work in both, and deleting the copy's file leaves the original's.
    let editor = app.login("editor@york.test").await.access;
    let councils = ok(app.get(&editor, "/api/v1/councils").await, "councils").await;
    assert!(councils.to_string().contains("york-copy"), "{councils}");
    let purge = app
        .delete(
            &admin,
            &format!("/api/v1/councils/york-copy/media/{copied_id}"),
        )
        .await;
    assert!(purge.status().is_success() || purge.status() == StatusCode::CONFLICT);
    let still = app
        .client
        .get(app.url(&format!("/media/york/{media}/pixel.png")))
        .send()
        .await
        .expect("request");
    assert_eq!(still.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_table_of_the_schema_is_carried_or_left_out_for_a_stated_reason() {
    let app = crate::helpers::spawn_app().await;
    let carried: Vec<&str> = townhall::archive::tables::TABLES
        .iter()
        .copied()
        .chain(["councils", "users"])
        .collect();
    let left_out: Vec<&str> = townhall::archive::tables::LEFT_OUT
        .iter()
        .map(|(t, _)| *t)
        .collect();
    for table in table_counts(&app.db).await.keys() {
        // SQLite's full-text tables are an index over search_documents, rebuilt when a council is restored.
        if table.starts_with("search_fts_") {
            continue;
        }
        assert!(
            carried.contains(&table.as_str()) || left_out.contains(&table.as_str()),
            "the table {table} is neither in council archives nor left out of them with a reason"
        );
    }
}

#[tokio::test]
async fn an_archive_over_the_limit_is_413_and_an_unknown_council_404() {
    let app = spawn_app_with(|s| s.archive_max_bytes = 1000).await;
    let admin = app.platform_admin().await;
    let counts = table_counts(&app.db).await;
    let too_large = import(&app, &admin, vec![0u8; 2000], None).await;
    assert_eq!(
        error_code(too_large, StatusCode::PAYLOAD_TOO_LARGE).await,
        "payload_too_large"
    );
    assert_eq!(table_counts(&app.db).await, counts, "nothing written");
    let nowhere = app.get(&admin, "/api/v1/councils/nowhere/archive").await;
    assert_eq!(
        error_code(nowhere, StatusCode::NOT_FOUND).await,
        "not_found"
    );
}

#[tokio::test]
async fn a_file_missing_from_storage_stops_the_export_and_leaves_no_archive() {
    let app = spawn_app_sqlite_with(allow_private).await;
    let (admin, _, _) = fill(&app).await;
    // One stored file lost (a broken disk, a bucket emptied by hand).
    let lost = files_under(&app.settings.upload_dir)
        .into_iter()
        .next()
        .expect("a stored file");
    std::fs::remove_file(&lost).expect("remove");

    let response = app.get(&admin, "/api/v1/councils/york/archive").await;
    let status = response.status();
    let body = response.text().await.expect("body");
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(
        body.contains("\"internal\"") && !body.contains("storage"),
        "no internals: {body}"
    );

    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("york.townhall.tar.gz");
    let output = Command::new(env!("CARGO_BIN_EXE_townhall"))
        .args(["export-council", "--council", "york", "--out"])
        .arg(&out)
        .env("TOWNHALL_DATABASE_URL", &app.settings.database_url)
        .env("TOWNHALL_UPLOAD_DIR", &app.settings.upload_dir)
        .env("TOWNHALL_JWT_SECRET", crate::helpers::JWT_SECRET)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run townhall");
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success());
    assert!(said.contains("missing from storage"), "{said}");
    assert!(!out.exists(), "no partial archive is left");
}
