//! Wards, parties and councillors, and the ModernGov import of real council files (tests/fixtures/moderngov: 15 of
//! the 48 councils' responses, chosen for their variety; see the README there).
use std::{collections::HashSet, path::PathBuf, sync::atomic::Ordering};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, councillors_by_ward, error_code, fixture, spawn_app, spawn_app_counting_statements,
    table_counts,
};

/// Distinct wards, councillors and parties an import creates.
type Counts = (usize, usize, usize);

/// Every fixture with what its import must create (`None`: the file is broken and must be refused).
const FIXTURES: [(&str, Option<Counts>); 15] = [
    ("argyll-bute.gov.uk.xml", Some((11, 35, 5))),
    ("barking-dagenham.gov.uk.xml", Some((17, 51, 1))),
    ("cardiff.co.uk.xml", Some((29, 75, 6))),
    ("cheshireeast.gov.uk.xml", Some((52, 82, 10))),
    ("councillors.liverpool.gov.uk.xml", Some((30, 91, 5))),
    ("denbighshire.gov.uk.xml", None),
    ("kirklees.gov.uk.xml", Some((23, 69, 6))),
    ("leeds.gov.uk.xml", None),
    ("london-fire.gov.uk.xml", Some((3, 17, 4))),
    ("london.gov.uk.xml", Some((13, 26, 4))),
    ("online.eastherts.gov.uk.xml", None),
    ("southwark.gov.uk.xml", Some((21, 63, 3))),
    ("staffordshire.gov.uk.xml", Some((60, 62, 4))),
    ("torfaen.gov.uk.xml", Some((24, 44, 6))),
    ("worcestershire.co.uk.xml", Some((52, 57, 9))),
];

/// The fixture folder holds exactly the files of [`FIXTURES`], in that order.
fn files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("moderngov/councillors-by-ward"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        FIXTURES.map(|(name, _)| name),
        "tests/fixtures/moderngov/councillors-by-ward holds the files listed here"
    );
    files
}

/// Distinct trimmed texts of an element, found by plain string scanning (an oracle independent of the importer).
fn distinct(xml: &str, tag: &str) -> HashSet<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split(&close).next())
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|text| !text.is_empty())
        .collect()
}

async fn import(app: &TestApp, token: &str, council: &str, xml: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!(
            "/api/v1/councils/{council}/imports/moderngov/councillors-by-ward"
        )))
        .bearer_auth(token)
        .header("content-type", "application/xml")
        .body(xml.to_owned())
        .send()
        .await
        .unwrap()
}

async fn total(app: &TestApp, token: &str, path: &str) -> usize {
    let mut count = 0;
    let mut after: Option<String> = None;
    loop {
        let url = match &after {
            Some(cursor) => format!("{path}?limit=100&after={cursor}"),
            None => format!("{path}?limit=100"),
        };
        let page: Value = app.get(token, &url).await.json().await.unwrap();
        count += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(cursor) => after = Some(cursor.to_owned()),
            None => return count,
        }
    }
}

#[tokio::test]
async fn every_real_moderngov_fixture_imports_with_its_counts_or_is_refused_and_reimport_changes_nothing()
 {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    let (mut imported, mut refused) = (0, 0);
    for (i, (file, (name, expected))) in files().into_iter().zip(FIXTURES).enumerate() {
        let xml = std::fs::read_to_string(&file).unwrap();
        let slug = format!("council-{i}");
        app.create_council(&admin, &slug, "england").await;

        let response = import(&app, &admin, &slug, &xml).await;
        let Some((wards, councillors, parties)) = expected else {
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name} is refused"
            );
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "validation_failed");
            assert!(
                body["error"]["details"]["reason"].as_str().unwrap().len() > 20,
                "{name}: a clear reason"
            );
            assert_eq!(
                total(&app, &admin, &format!("/api/v1/councils/{slug}/wards")).await,
                0,
                "{name}: nothing written"
            );
            assert_eq!(
                total(
                    &app,
                    &admin,
                    &format!("/api/v1/councils/{slug}/councillors")
                )
                .await,
                0
            );
            refused += 1;
            continue;
        };
        // The expected counts agree with an oracle that scans the file's text, independently of the importer.
        assert_eq!(
            (
                distinct(&xml, "wardtitle").len(),
                distinct(&xml, "councillorid").len(),
                distinct(&xml, "politicalpartytitle").len()
            ),
            (wards, councillors, parties),
            "{name}: the expected counts match the file"
        );
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        let report: Value = response.json().await.unwrap();
        assert_eq!(report["wards"]["created"], wards, "{name} wards");
        assert_eq!(
            report["councillors"]["created"], councillors,
            "{name} councillors"
        );
        assert_eq!(report["parties"]["created"], parties, "{name} parties");
        assert_eq!(
            total(&app, &admin, &format!("/api/v1/councils/{slug}/wards")).await,
            wards,
            "{name}"
        );
        assert_eq!(
            total(
                &app,
                &admin,
                &format!("/api/v1/councils/{slug}/councillors")
            )
            .await,
            councillors,
            "{name}"
        );
        assert_eq!(
            total(&app, &admin, &format!("/api/v1/councils/{slug}/parties")).await,
            parties,
            "{name}"
        );

        let again: Value = import(&app, &admin, &slug, &xml)
            .await
            .json()
            .await
            .unwrap();
        for kind in ["wards", "parties", "councillors", "seats"] {
            assert_eq!(
                again[kind]["created"], 0,
                "{name}: re-import creates no {kind}"
            );
            assert_eq!(
                again[kind]["updated"], 0,
                "{name}: re-import updates no {kind}"
            );
        }
        assert_eq!(again["councillors"]["unchanged"], councillors);
        assert_eq!(
            total(
                &app,
                &admin,
                &format!("/api/v1/councils/{slug}/councillors")
            )
            .await,
            councillors
        );
        imported += 1;
    }
    assert_eq!((imported, refused), (12, 3));
}

#[tokio::test]
async fn imported_councillors_are_tidy_and_filterable_by_ward_and_party() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "cardiff", "wales").await;
    let xml = councillors_by_ward("cardiff.co.uk.xml");
    assert_eq!(
        import(&app, &admin, "cardiff", &xml).await.status(),
        StatusCode::OK
    );

    let wards: Value = app
        .get(&admin, "/api/v1/councils/cardiff/wards?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let adamsdown = wards["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == "Adamsdown")
        .unwrap();
    let in_ward: Value = app
        .get(
            &admin,
            &format!(
                "/api/v1/councils/cardiff/councillors?ward={}",
                adamsdown["id"].as_str().unwrap()
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    let names: HashSet<&str> = in_ward["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, HashSet::from(["Manzoor Ahmed", "Nigel Howells"]));
    let ahmed = in_ward["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["display_name"] == "Manzoor Ahmed")
        .unwrap();
    // His email and phones are given only under <homeaddress> in the file: private, never imported.
    assert_eq!(ahmed["email"], Value::Null);
    assert_eq!(ahmed["mobile"], Value::Null);
    assert!(
        !ahmed.to_string().contains("07850 743355"),
        "the <homeaddress> mobile is not imported"
    );
    assert_eq!(
        ahmed["identifiers"],
        json!([{"scheme": "moderngov:councillorid", "identifier": "114"}])
    );
    assert_eq!(ahmed["seats"][0]["ward"]["name"], "Adamsdown");
    assert_eq!(ahmed["seats"][0]["party"]["name"], "Labour");
    assert_eq!(ahmed["seats"][0]["start_date"], "2012-05-03");
    assert_eq!(ahmed["seats"][0]["end_date"], Value::Null);
    assert!(
        ahmed["work_address"]
            .as_str()
            .unwrap()
            .contains("County Hall")
    );
    // Nigel Howells gives only a home address in the file: none of it is imported.
    let howells = in_ward["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["display_name"] == "Nigel Howells")
        .unwrap();
    assert!(
        !howells.to_string().contains("Cecil Street"),
        "home addresses are never stored"
    );

    // The import is a revision of each record it wrote, with the seats it left; importing the same file again
    // writes nothing, so no new revisions.
    let history_of = |id: String| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let history: Value = app
                .get(&admin, &format!("/api/v1/councils/cardiff/revisions/{id}"))
                .await
                .json()
                .await
                .unwrap();
            history
        }
    };
    let ahmed_id = ahmed["id"].as_str().unwrap().to_owned();
    let history = history_of(ahmed_id.clone()).await;
    assert_eq!(history["items"].as_array().unwrap().len(), 1, "{history}");
    assert_eq!(history["items"][0]["action"], "imported");
    assert_eq!(
        history["items"][0]["snapshot"]["seats"][0]["ward"]["name"],
        "Adamsdown"
    );
    let ward_history = history_of(adamsdown["id"].as_str().unwrap().to_owned()).await;
    assert_eq!(ward_history["items"][0]["action"], "imported");
    import(&app, &admin, "cardiff", &xml).await;
    let again = history_of(ahmed_id.clone()).await;
    assert_eq!(again["items"].as_array().unwrap().len(), 1, "{again}");
    let parties: Value = app
        .get(&admin, "/api/v1/councils/cardiff/parties")
        .await
        .json()
        .await
        .unwrap();
    let labour = parties["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Labour")
        .unwrap();
    let labour_members: Value = app
        .get(
            &admin,
            &format!(
                "/api/v1/councils/cardiff/councillors?party={}&limit=100",
                labour["id"].as_str().unwrap()
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    let expected = xml
        .matches("<politicalpartytitle>Labour</politicalpartytitle>")
        .count();
    assert_eq!(labour_members["items"].as_array().unwrap().len(), expected);

    let one = app
        .get(
            &admin,
            &format!(
                "/api/v1/councils/cardiff/councillors/{}",
                ahmed["id"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(one.status(), StatusCode::OK);

    // A change of party alone changes his seat: a new version of him, and a revision.
    let renamed = xml.replace(
        "<politicalpartytitle>Labour</politicalpartytitle>",
        "<politicalpartytitle>Welsh Labour</politicalpartytitle>",
    );
    assert_eq!(
        import(&app, &admin, "cardiff", &renamed).await.status(),
        StatusCode::OK
    );
    let moved = history_of(ahmed_id).await;
    assert_eq!(moved["items"].as_array().unwrap().len(), 2, "{moved}");
    // A ward deleted by hand that ModernGov still lists is restored by the next import.
    let adamsdown_path = format!(
        "/api/v1/councils/cardiff/wards/{}",
        adamsdown["id"].as_str().unwrap()
    );
    assert_eq!(
        app.delete(&admin, &adamsdown_path).await.status(),
        StatusCode::OK
    );
    let report: Value = import(&app, &admin, "cardiff", &renamed)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["wards"]["updated"], 1, "{report}");
    let ward_history = history_of(adamsdown["id"].as_str().unwrap().to_owned()).await;
    let actions: Vec<&str> = ward_history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["imported", "deleted", "imported"]);
    assert!(ward_history["items"][0]["snapshot"]["deleted_at"].is_null());
    assert_eq!(moved["items"][0]["version"], 2);
    assert_eq!(
        moved["items"][0]["snapshot"]["seats"][0]["party"]["name"], "Welsh Labour",
        "{moved}"
    );
}

#[tokio::test]
async fn only_democratic_services_and_admins_import_and_a_bad_upload_writes_nothing() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "cardiff", "wales").await;
    let editor = app
        .member(&admin, "cardiff", "editor@cardiff.test", "editor")
        .await
        .access;
    let clerk = app
        .member(
            &admin,
            "cardiff",
            "clerk@cardiff.test",
            "democratic_services",
        )
        .await
        .access;
    let xml = councillors_by_ward("cardiff.co.uk.xml");
    assert_eq!(
        error_code(
            import(&app, &editor, "cardiff", &xml).await,
            StatusCode::FORBIDDEN
        )
        .await,
        "forbidden"
    );

    // A file that breaks half-way (a bad date in the last councillor) writes nothing at all.
    let broken = {
        let at = xml.rfind("<startdate>").unwrap();
        format!(
            "{}<startdate>31/02/2012{}",
            &xml[..at],
            &xml[at + "<startdate>03/05/2012".len()..]
        )
    };
    let response = import(&app, &clerk, "cardiff", &broken).await;
    assert_eq!(
        error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    assert_eq!(
        total(&app, &clerk, "/api/v1/councils/cardiff/wards").await,
        0
    );
    assert_eq!(
        total(&app, &clerk, "/api/v1/councils/cardiff/councillors").await,
        0
    );

    // The same councillor twice in one file is refused.
    let first = xml.find("<councillor>").unwrap();
    let end = xml[first..].find("</councillor>").unwrap() + first + "</councillor>".len();
    let doubled = format!("{}{}{}", &xml[..end], &xml[first..end], &xml[end..]);
    let response = import(&app, &clerk, "cardiff", &doubled).await;
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"]["details"]["reason"]
            .as_str()
            .unwrap()
            .contains("more than once"),
        "{body}"
    );

    let wrong_type = app
        .client
        .post(app.url("/api/v1/councils/cardiff/imports/moderngov/councillors-by-ward"))
        .bearer_auth(&clerk)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    assert_eq!(
        import(&app, &clerk, "cardiff", &xml).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        total(&app, &clerk, "/api/v1/councils/cardiff/councillors").await,
        75
    );
}

#[tokio::test]
async fn graphql_lists_councillors_with_seats_in_a_constant_number_of_statements() {
    let (app, statements) = spawn_app_counting_statements().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "cardiff", "wales").await;
    app.create_council(&admin, "swansea", "wales").await;
    let xml = councillors_by_ward("cardiff.co.uk.xml");
    assert_eq!(
        import(&app, &admin, "cardiff", &xml).await.status(),
        StatusCode::OK
    );

    let query = |n: usize| {
        format!(
            "{{ council(slug: \"cardiff\") {{ wards {{ name }} parties {{ name }} councillors(first: {n}) {{ edges {{ node {{ id displayName identifiers {{ identifier }} seats {{ startDate ward {{ name }} party {{ name }} }} roles {{ title }} interests {{ category }} }} }} pageInfo {{ hasNextPage }} }} }} }}"
        )
    };
    let mut counts = Vec::new();
    for n in [5, 50] {
        statements.store(0, Ordering::SeqCst);
        let body: Value = app.graphql(&query(n)).await.json().await.unwrap();
        counts.push(statements.load(Ordering::SeqCst));
        assert_eq!(body["errors"], Value::Null, "{body}");
        let edges = body["data"]["council"]["councillors"]["edges"]
            .as_array()
            .unwrap();
        assert_eq!(edges.len(), n);
        assert!(
            edges
                .iter()
                .all(|e| e["node"]["seats"][0]["ward"]["name"].is_string())
        );
        assert_eq!(
            body["data"]["council"]["wards"].as_array().unwrap().len(),
            29
        );
    }
    assert_eq!(
        counts[0], counts[1],
        "statements for 5 and for 50 councillors: {counts:?}"
    );
    assert!(counts[0] > 0);

    // Another council's councillor is not found through this one.
    let body: Value = app.graphql(&query(1)).await.json().await.unwrap();
    let id = body["data"]["council"]["councillors"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body: Value = app
        .graphql(&format!("{{ swansea: council(slug: \"swansea\") {{ councillor(id: \"{id}\") {{ displayName }} }} cardiff: council(slug: \"cardiff\") {{ councillor(id: \"{id}\") {{ displayName }} }} }}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["swansea"]["councillor"], Value::Null);
    assert!(body["data"]["cardiff"]["councillor"]["displayName"].is_string());
    let swansea_admin = app
        .member(&admin, "swansea", "admin@swansea.test", "admin")
        .await
        .access;
    let rest = app
        .get(
            &swansea_admin,
            &format!("/api/v1/councils/swansea/councillors/{id}"),
        )
        .await;
    assert_eq!(rest.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn graphql_reaches_a_wards_councillors_and_a_committees_members_and_meetings() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "cardiff", "wales").await;
    let xml = councillors_by_ward("cardiff.co.uk.xml");
    assert_eq!(
        import(&app, &admin, "cardiff", &xml).await.status(),
        StatusCode::OK
    );
    // Give Adamsdown its GSS code, as a democratic services officer would.
    let wards: Value = app
        .get(&admin, "/api/v1/councils/cardiff/wards?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let adamsdown = wards["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == "Adamsdown")
        .expect("Adamsdown")
        .clone();
    let path = format!(
        "/api/v1/councils/cardiff/wards/{}",
        adamsdown["id"].as_str().unwrap()
    );
    let etag = format!("\"{}\"", adamsdown["version"]);
    let patched = app
        .patch(
            &admin,
            &path,
            Some(&etag),
            &json!({"name": "Adamsdown", "gss_code": "W05000839"}),
        )
        .await;
    assert_eq!(patched.status(), StatusCode::OK);

    let body = app
        .graphql_json(
            r#"{ council(slug: "cardiff") {
                ward(gssCode: "w05000839") { name gssCode councillors { edges { node { displayName } } } } } }"#,
        )
        .await;
    let ward = &body["data"]["council"]["ward"];
    assert_eq!(ward["name"], "Adamsdown", "{body}");
    assert_eq!(ward["gssCode"], "W05000839");
    let names: Vec<&str> = ward["councillors"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["displayName"].as_str().unwrap())
        .collect();
    assert!(!names.is_empty(), "{body}");
    assert!(names.iter().any(|n| n.contains("Ahmed")), "{names:?}");

    // A committee with a chair and a member, and one meeting.
    let committee: Value = app
        .post(
            &admin,
            "/api/v1/councils/cardiff/committees",
            &json!({"name": "Planning Committee", "kind": "committee"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let councillors: Value = app
        .get(&admin, "/api/v1/councils/cardiff/councillors?limit=2")
        .await
        .json()
        .await
        .unwrap();
    let (chair, member) = (
        councillors["items"][0]["id"].clone(),
        councillors["items"][1]["id"].clone(),
    );
    let committee_id = committee["id"].as_str().unwrap();
    let members = app
        .put(
            &admin,
            &format!("/api/v1/councils/cardiff/committees/{committee_id}/members"),
            None,
            &json!([{"councillor_id": member, "role": "member"}, {"councillor_id": chair, "role": "chair"}]),
        )
        .await;
    assert_eq!(members.status(), StatusCode::OK);
    let meeting = app
        .post(
            &admin,
            "/api/v1/councils/cardiff/meetings",
            &json!({"committee_id": committee_id, "start": "2027-06-15T18:00"}),
        )
        .await;
    assert_eq!(meeting.status(), StatusCode::CREATED);

    let body = app
        .graphql_json(&format!(
            r#"{{ council(slug: "cardiff") {{ committee(id: "{committee_id}") {{
                members {{ role councillor {{ id }} }}
                meetings {{ edges {{ node {{ title start }} }} }} }} }} }}"#
        ))
        .await;
    let committee = &body["data"]["council"]["committee"];
    assert_eq!(committee["members"][0]["role"], "CHAIR", "{body}");
    assert_eq!(committee["members"][0]["councillor"]["id"], chair);
    assert_eq!(committee["members"][1]["role"], "MEMBER");
    assert_eq!(
        committee["meetings"]["edges"][0]["node"]["title"],
        "Planning Committee, Tuesday 15 June 2027",
        "{body}"
    );
}

#[tokio::test]
async fn a_bad_argument_names_the_graphql_argument_and_nulls_only_its_field() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "cardiff", "wales").await;
    for (query, argument) in [
        (
            r#"{ council(slug: "cardiff") { name meetings(first: 0) { edges { cursor } } } }"#,
            "first",
        ),
        (
            r#"{ council(slug: "cardiff") { name councillors(first: 500) { edges { cursor } } } }"#,
            "first",
        ),
        (
            r#"{ council(slug: "cardiff") { name decisions(after: "nonsense") { edges { cursor } } } }"#,
            "after",
        ),
        (
            r#"{ council(slug: "cardiff") { name pages(first: -1) { totalCount } } }"#,
            "first",
        ),
        (
            r#"{ council(slug: "cardiff") { name search(query: "bins", first: 101) { totalCount } } }"#,
            "first",
        ),
    ] {
        let body = app.graphql_json(query).await;
        assert_eq!(
            body["data"]["council"]["name"], "cardiff council",
            "{query}: {body}"
        );
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], "validation_failed", "{body}");
        assert_eq!(
            error["extensions"]["details"]["fields"][0]["field"], argument,
            "{body}"
        );
        assert!(
            error["message"]
                .as_str()
                .unwrap_or_default()
                .contains(argument),
            "{body}"
        );
        let field = error["path"][1].as_str().unwrap_or_default().to_owned();
        assert_eq!(error["path"][0], "council", "{body}");
        assert_eq!(
            body["data"]["council"][field.as_str()],
            Value::Null,
            "{body}"
        );
        assert!(error["locations"][0]["line"].is_number(), "{body}");
    }
}

#[tokio::test]
async fn a_dry_run_import_answers_what_it_would_do_and_leaves_every_table_unchanged() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "kirklees", "england").await;
    let xml = std::fs::read_to_string(fixture("moderngov/councillors-by-ward/kirklees.gov.uk.xml"))
        .unwrap();
    let preview = |dry: bool| {
        let app = &app;
        let admin = admin.clone();
        let xml = xml.clone();
        async move {
            app.client
                .post(app.url(&format!(
                    "/api/v1/councils/kirklees/imports/moderngov/councillors-by-ward?dry_run={dry}"
                )))
                .bearer_auth(&admin)
                .header("content-type", "application/xml")
                .body(xml)
                .send()
                .await
                .unwrap()
        }
    };
    let before = table_counts(&app.db).await;
    let dry = preview(true).await;
    assert_eq!(dry.status(), StatusCode::OK);
    let dry: Value = dry.json().await.unwrap();
    assert_eq!(
        table_counts(&app.db).await,
        before,
        "a dry run writes nothing"
    );
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["wards"]["created"], 23);
    assert_eq!(dry["councillors"]["created"], 69);
    assert_eq!(dry["parties"]["created"], 6);
    let changes = dry["changes"].as_array().unwrap();
    let of = |kind: &str| changes.iter().filter(|c| c["kind"] == kind).count();
    assert_eq!((of("ward"), of("party"), of("councillor")), (23, 6, 69));
    assert!(changes.iter().all(|c| c["outcome"] == "created"));
    assert!(
        changes
            .iter()
            .any(|c| c["kind"] == "ward" && c["name"].as_str().unwrap().len() > 3)
    );

    // The real import does what the preview said.
    let done: Value = preview(false).await.json().await.unwrap();
    assert_eq!(done["dry_run"], false);
    for kind in ["wards", "parties", "councillors", "seats"] {
        assert_eq!(done[kind], dry[kind], "{kind} as previewed");
    }
    assert_eq!(done["changes"], dry["changes"]);
    let after_import = table_counts(&app.db).await;
    assert_ne!(after_import, before);

    // Previewing the same file again: nothing would change, and nothing is written.
    let again: Value = preview(true).await.json().await.unwrap();
    assert_eq!(table_counts(&app.db).await, after_import);
    assert!(
        again["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["outcome"] == "unchanged")
    );
    assert_eq!(again["councillors"]["unchanged"], 69);

    // A broken file is refused with its reason on a dry run too.
    let broken = std::fs::read_to_string(fixture(
        "moderngov/councillors-by-ward/denbighshire.gov.uk.xml",
    ))
    .unwrap();
    let refused = app
        .client
        .post(
            app.url("/api/v1/councils/kirklees/imports/moderngov/councillors-by-ward?dry_run=true"),
        )
        .bearer_auth(&admin)
        .header("content-type", "application/xml")
        .body(broken)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(table_counts(&app.db).await, after_import);
}

#[tokio::test]
async fn the_public_register_lists_a_sensitive_interest_with_its_details_withheld() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let created: Value = app
        .post(
            &admin,
            "/api/v1/councils/york/councillors",
            &json!({"display_name": "Cllr Jo Bloggs"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap();
    let put = app
        .put(
            &admin,
            &format!("/api/v1/councils/york/councillors/{id}/interests"),
            None,
            &json!([
                {"category": "Employment", "description": "Teacher at Fulford School"},
                {"category": "Land", "description": "12 Secret Lane, York", "sensitive": true, "date_notified": "2026-05-10"}
            ]),
        )
        .await;
    assert_eq!(put.status(), StatusCode::OK);
    let body = app
        .graphql_json(&format!(
            "{{ council(slug: \"york\") {{ councillor(id: \"{id}\") {{ interests {{ category description dateNotified withheld }} }} }} }}"
        ))
        .await;
    let interests = &body["data"]["council"]["councillor"]["interests"];
    assert!(!body.to_string().contains("Secret Lane"), "{body}");
    assert_eq!(
        interests,
        &json!([
            {"category": "Employment", "description": "Teacher at Fulford School", "dateNotified": null, "withheld": false},
            {"category": "Sensitive interest", "description": "The councillor has an interest whose details are withheld under section 32(2) of the Localism Act 2011.", "dateNotified": "2026-05-10", "withheld": true}
        ])
    );
    // The council's own people see the whole register.
    let own: Value = app
        .get(
            &admin,
            &format!("/api/v1/councils/york/councillors/{id}/interests"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own[1]["description"], "12 Secret Lane, York");
}
