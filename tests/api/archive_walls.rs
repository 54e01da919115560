//! Council archives cannot reach outside their council (security issue 24, findings 2, 5 and 9): an archive
//! altered on purpose (its manifest resealed, as an attacker would) that names a row of another council, by id
//! or foreign key, in a column or inside a JSON document, however the id is spelled, is refused whole and writes
//! nothing, and the other council's records and files stay as they were; an archive that unpacks past the
//! limits, or carries a file no record names, is refused while it is read; slugs, settings, roles and text are
//! held to the API's own rules.
use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::archive::{
    allow_private, export, files_under, import, manifest, ok, parts, reseal, york_archive,
};
use crate::helpers::{TestApp, spawn_app_with, table_counts};

type Parts = BTreeMap<String, Vec<u8>>;

fn rows(parts: &Parts, table: &str) -> Vec<Value> {
    serde_json::from_slice(&parts[&format!("records/{table}.json")]).expect("rows")
}

fn id_of(parts: &Parts, table: &str) -> String {
    rows(parts, table)[0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{table} has a row"))
        .to_owned()
}

/// The parts with one table's rows changed, resealed.
fn with_rows(good: &Parts, table: &str, change: impl FnOnce(&mut Vec<Value>)) -> Vec<u8> {
    let mut parts = good.clone();
    let mut table_rows = rows(&parts, table);
    change(&mut table_rows);
    parts.insert(
        format!("records/{table}.json"),
        serde_json::to_vec(&table_rows).expect("json"),
    );
    reseal(parts)
}

/// The parts with a text replaced in one part (every occurrence), resealed.
fn with_text(good: &Parts, table: &str, from: &str, to: &str) -> Vec<u8> {
    let mut parts = good.clone();
    let name = format!("records/{table}.json");
    let text = String::from_utf8(parts[&name].clone()).expect("utf-8");
    assert!(text.contains(from), "{name} holds {from}");
    parts.insert(name, text.replace(from, to).into_bytes());
    reseal(parts)
}

/// A target holding the victim York (restored from its archive, so its ids are known), and a second York's
/// archive to alter.
struct Scene {
    target: TestApp,
    admin: String,
    victim: Parts,
    attacker: Parts,
}

async fn scene() -> Scene {
    let (victim_archive, attacker_archive) = tokio::join!(york_archive(), york_archive());
    let target = spawn_app_with(allow_private).await;
    let admin = target.platform_admin().await;
    ok(
        import(&target, &admin, victim_archive.clone(), None).await,
        "the victim",
    )
    .await;
    Scene {
        target,
        admin,
        victim: parts(&victim_archive),
        attacker: parts(&attacker_archive),
    }
}

/// Each case is refused with the API's error shape, writes no row and stores no file; the victim's archive
/// (every record and file, by SHA-256) is the same after them all.
async fn refused_whole(scene: &Scene, cases: Vec<(&str, Vec<u8>, &str)>) {
    let Scene { target, admin, .. } = scene;
    let before = manifest(&export(target, admin, "york").await);
    let counts = table_counts(&target.db).await;
    let files = files_under(&target.settings.upload_dir).len();
    for (what, bytes, says) in cases {
        let response = import(target, admin, bytes, Some("attacker")).await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed", "{what}: {body}");
        assert!(body.to_string().contains(says), "{what}: {body}");
        assert_eq!(
            table_counts(&target.db).await,
            counts,
            "{what}: nothing written"
        );
        assert_eq!(
            files_under(&target.settings.upload_dir).len(),
            files,
            "{what}: no file stored"
        );
    }
    let after = manifest(&export(target, admin, "york").await);
    assert_eq!(
        after, before,
        "the victim's records and files are unchanged"
    );
}

#[tokio::test]
async fn an_archive_naming_another_councils_rows_by_column_is_refused_whole_on_every_table() {
    let scene = scene().await;
    let (v, a) = (&scene.victim, &scene.attacker);
    let attacker_council = manifest_council(a);
    let victim_paper = id_of(v, "documents");
    let victim_item = id_of(v, "content_items");
    let victim_meeting = id_of(v, "meetings");
    let victim_media = id_of(v, "media");
    let victim_membership = id_of(v, "memberships");
    let attacker_paper = id_of(a, "documents");
    let attacker_meeting = id_of(a, "meetings");
    let outside = "exists here outside the archive";
    let cases = vec![
        (
            "a paper's text naming another council's exempt paper",
            with_rows(a, "document_texts", |r| {
                r[0]["id"] = json!(victim_paper);
                r[0]["text_content"] = json!("overwritten");
            }),
            "a paper the archive does not carry",
        ),
        (
            "a paper and its text taking another council's paper's id",
            {
                let mut parts = a.clone();
                for table in ["documents", "document_texts"] {
                    let mut table_rows = rows(&parts, table);
                    for row in &mut table_rows {
                        if row["id"] == json!(attacker_paper) {
                            row["id"] = json!(victim_paper);
                        }
                    }
                    parts.insert(
                        format!("records/{table}.json"),
                        serde_json::to_vec(&table_rows).expect("json"),
                    );
                }
                reseal(parts)
            },
            outside,
        ),
        (
            "a paper in another council's meeting",
            with_text(a, "documents", &attacker_meeting, &victim_meeting),
            outside,
        ),
        (
            "a live row serving another council's item",
            with_rows(a, "content_live", |r| r[0]["item_id"] = json!(victim_item)),
            outside,
        ),
        (
            "a revision of another council's item",
            with_rows(a, "content_revisions", |r| {
                r[0]["item_id"] = json!(victim_item)
            }),
            outside,
        ),
        (
            "a membership taking another council's membership's id",
            with_rows(a, "memberships", |r| r[0]["id"] = json!(victim_membership)),
            outside,
        ),
        (
            "a media row taking another council's file's id",
            with_rows(a, "media", |r| r[0]["id"] = json!(victim_media)),
            outside,
        ),
        (
            "an agenda item in another council's meeting",
            with_rows(a, "agenda_items", |r| {
                r.push(agenda_item(&attacker_council, &victim_meeting))
            }),
            outside,
        ),
        (
            "a tag on another council's item",
            with_rows(a, "content_live_tags", |r| {
                r.push(
                    json!({"item_id": victim_item, "scheme": "topic", "value": "bins",
                    "council_id": attacker_council}),
                )
            }),
            outside,
        ),
        (
            "a redirect taking another council's item's id",
            with_rows(a, "content_redirects", |r| {
                r.push(json!({"id": victim_item, "council_id": attacker_council,
                    "from_path": "/old", "to_path": "/bins", "created_by": null,
                    "created_at": "2026-01-01T00:00:00Z", "deleted_at": null}))
            }),
            outside,
        ),
        (
            "a record revision of another council's meeting",
            with_rows(a, "record_revisions", |r| {
                r[0]["record_id"] = json!(victim_meeting)
            }),
            outside,
        ),
    ];
    refused_whole(&scene, cases).await;
}

fn manifest_council(parts: &Parts) -> String {
    let manifest: Value = serde_json::from_slice(&parts["manifest.json"]).expect("manifest");
    manifest["council"]["id"].as_str().expect("id").to_owned()
}

fn agenda_item(council: &str, meeting: &str) -> Value {
    json!({"id": uuid::Uuid::now_v7().to_string(), "council_id": council, "meeting_id": meeting,
        "parent_id": null, "position": 1, "order_label": "1", "title": "Budget", "description": null,
        "exempt_paragraph": null, "key_decision": false, "ward_ids": "", "minutes": null,
        "resolution": null, "version": 1, "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z", "deleted_at": null})
}

#[tokio::test]
async fn an_archive_naming_another_councils_rows_inside_json_however_spelled_is_refused_whole() {
    let scene = scene().await;
    let (v, a) = (&scene.victim, &scene.attacker);
    let victim_media = id_of(v, "media");
    let attacker_media = id_of(a, "media");
    // The hyphens written as escapes inside the JSON document the column holds: only a reader sees the id.
    let escaped = victim_media.replace('-', "\\\\u002d");
    let cases = vec![
        (
            "a content block naming another council's image",
            with_text(a, "content_revisions", &attacker_media, &victim_media),
            "exists here outside the archive",
        ),
        (
            "the image's id in capitals",
            with_text(
                a,
                "content_revisions",
                &attacker_media,
                &victim_media.to_uppercase(),
            ),
            "exists here outside the archive",
        ),
        (
            "the image's id without hyphens",
            with_text(
                a,
                "content_live",
                &attacker_media,
                &victim_media.replace('-', ""),
            ),
            "exists here outside the archive",
        ),
        (
            "the image's id written in escapes",
            with_text(a, "content_revisions", &attacker_media, &escaped),
            "in escapes",
        ),
    ];
    refused_whole(&scene, cases).await;
}

#[tokio::test]
async fn slugs_settings_roles_and_text_are_held_to_the_apis_rules() {
    let scene = scene().await;
    let a = &scene.attacker;
    let council = |change: fn(&mut Value)| {
        with_rows(a, "councils", |r| {
            r[0]["slug"] = json!("attacker");
            change(&mut r[0]);
        })
    };
    let mut cases = Vec::new();
    for (what, slug) in [
        ("a slug outside", "../etc"),
        ("an empty slug", ""),
        ("a slug with a hidden character", "card\u{200b}iff"),
    ] {
        // Restored under the archive's own slug: no ?slug= here.
        let bytes = with_rows(a, "councils", |r| r[0]["slug"] = json!(slug));
        cases.push((what, bytes, "slug"));
    }
    cases.extend([
        (
            "a javascript: website",
            council(|c| c["website_url"] = json!("javascript:alert(1)")),
            "website_url",
        ),
        (
            "a javascript: CDN",
            council(|c| c["media_base_url"] = json!("javascript:alert(1)")),
            "media_base_url",
        ),
        (
            "any origin allowed",
            council(|c| c["allowed_origins"] = json!("*")),
            "allowed_origins",
        ),
        (
            "the null origin allowed",
            council(|c| c["allowed_origins"] = json!("https://york.gov.uk,null")),
            "allowed_origins",
        ),
        (
            "a webhook to a file: address",
            with_rows(a, "webhooks", |r| r[0]["url"] = json!("file:///etc/passwd")),
            "webhook",
        ),
        (
            "a role no council has",
            with_rows(a, "memberships", |r| r[0]["role"] = json!("superuser")),
            "not a role",
        ),
        (
            "a NUL in a title",
            with_rows(a, "content_live", |r| {
                r[0]["title"] = json!("Bins\u{0}and recycling")
            }),
            "U+0000",
        ),
        (
            "a NUL inside a content document",
            with_text(
                a,
                "content_revisions",
                "Bins and recycling",
                "Bins\\\\u0000",
            ),
            "U+0000",
        ),
    ]);
    // Run each slug case without ?slug= (the archive's own slug is what is judged).
    let Scene { target, admin, .. } = &scene;
    let counts = table_counts(&target.db).await;
    for (what, bytes, says) in cases {
        let slug = (says != "slug").then_some("attacker");
        let response = import(target, admin, bytes, slug).await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed", "{what}: {body}");
        assert!(body.to_string().contains(says), "{what}: {body}");
        assert_eq!(
            table_counts(&target.db).await,
            counts,
            "{what}: nothing written"
        );
    }
}

#[tokio::test]
async fn an_archive_past_the_unpacked_limits_or_with_a_file_no_record_names_is_refused_and_stores_nothing()
 {
    let archive = york_archive().await;
    let good = parts(&archive);
    let council = manifest_council(&good);

    // A small archive that unpacks to much more than it weighs is stopped at the limit, while it is read.
    let small = spawn_app_with(|s| s.archive_max_unpacked_bytes = 1024 * 1024).await;
    let admin = small.platform_admin().await;
    let counts = table_counts(&small.db).await;
    let mut bomb = good.clone();
    bomb.insert(
        format!("files/{council}/{}", uuid::Uuid::now_v7()),
        vec![0u8; 64 * 1024 * 1024],
    );
    let bomb = crate::archive::repack(&bomb);
    assert!(bomb.len() < 1024 * 1024, "it weighs {}", bomb.len());
    for (what, bytes) in [("past the bytes", bomb), ("within them", archive.clone())] {
        let response = import(&small, &admin, bytes, None).await;
        if what == "within them" {
            assert_eq!(response.status(), StatusCode::CREATED, "{what}");
            continue;
        }
        assert_eq!(
            crate::helpers::error_code(response, StatusCode::PAYLOAD_TOO_LARGE).await,
            "payload_too_large",
            "{what}"
        );
        assert_eq!(table_counts(&small.db).await, counts, "{what}");
        assert!(files_under(&small.settings.upload_dir).is_empty(), "{what}");
    }

    let few = spawn_app_with(|s| s.archive_max_parts = 5).await;
    let admin = few.platform_admin().await;
    let counts = table_counts(&few.db).await;
    assert_eq!(
        crate::helpers::error_code(
            import(&few, &admin, archive.clone(), None).await,
            StatusCode::PAYLOAD_TOO_LARGE
        )
        .await,
        "payload_too_large"
    );
    assert_eq!(table_counts(&few.db).await, counts);

    // A file in the manifest that no record names is refused, not left in the upload folder.
    let target = spawn_app_with(allow_private).await;
    let admin = target.platform_admin().await;
    let counts = table_counts(&target.db).await;
    let mut stray = good.clone();
    let name = format!("files/{council}/{}", uuid::Uuid::now_v7());
    stray.insert(name.clone(), vec![7u8; 1024]);
    let mut listed: Value = serde_json::from_slice(&stray["manifest.json"]).expect("manifest");
    listed["parts"]
        .as_array_mut()
        .expect("parts")
        .push(json!({"name": name, "sha256": "", "bytes": 0}));
    stray.insert(
        "manifest.json".into(),
        serde_json::to_vec(&listed).expect("json"),
    );
    let response = import(&target, &admin, reseal(stray), None).await;
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("no record names"), "{body}");
    assert_eq!(table_counts(&target.db).await, counts);
    assert!(files_under(&target.settings.upload_dir).is_empty());
}

#[tokio::test]
async fn a_restore_writes_one_audit_entry_with_counts_and_a_refused_one_none() {
    let archive = york_archive().await;
    let target = spawn_app_with(allow_private).await;
    let admin = target.platform_admin().await;
    let mut broken = parts(&archive);
    broken.remove("records/memberships.json");
    let refused = import(&target, &admin, crate::archive::repack(&broken), None).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let restored = ok(import(&target, &admin, archive, None).await, "restore").await;
    let council = restored["council_id"].as_str().expect("id");

    let platform = ok(
        target
            .get(&admin, "/api/v1/audit?action=council.&limit=100")
            .await,
        "log",
    )
    .await;
    let restores: Vec<&Value> = platform["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| {
            e["action"]
                .as_str()
                .is_some_and(|a| a.starts_with("council.restore"))
        })
        .collect();
    assert_eq!(restores.len(), 1, "one entry for the run: {platform}");
    assert_eq!(restores[0]["action"], "council.restored");
    assert_eq!(restores[0]["target_id"], council);
    let detail = restores[0]["detail"].as_str().expect("detail");
    for count in ["rows=", "files=3", "created_accounts=1", "webhooks=1"] {
        assert!(detail.contains(count), "{count} in {detail}");
    }
    let own = ok(
        target.get(&admin, "/api/v1/councils/york/audit").await,
        "log",
    )
    .await;
    assert!(
        !own.to_string().contains("council.restored"),
        "not twice: {own}"
    );
}
