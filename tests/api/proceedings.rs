//! Committee memberships, attendance, motions and named votes.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{error_code, spawn_app};

#[tokio::test]
async fn memberships_attendance_and_votes_are_recorded_and_public_with_the_minutes() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "cardiff", "wales").await;
    app.create_council(&admin, "york", "england").await;
    let xml = std::fs::read_to_string(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/moderngov/councillors-by-ward/cardiff.co.uk.xml"),
    )
    .unwrap();
    let imported = app
        .client
        .post(app.url("/api/v1/councils/cardiff/imports/moderngov/councillors-by-ward"))
        .bearer_auth(&admin)
        .header("content-type", "application/xml")
        .body(xml)
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), StatusCode::OK);
    let people: Value = app
        .get(&admin, "/api/v1/councils/cardiff/councillors?limit=5")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = people["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();

    let committee: Value = app
        .post(
            &admin,
            "/api/v1/councils/cardiff/committees",
            &json!({"name": "Cabinet", "kind": "executive"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let cid = committee["id"].as_str().unwrap();
    let members_path = format!("/api/v1/councils/cardiff/committees/{cid}/members");
    let two_chairs = app
        .client
        .put(app.url(&members_path))
        .bearer_auth(&admin)
        .json(&json!([{"councillor_id": ids[0], "role": "chair"}, {"councillor_id": ids[1], "role": "chair"}]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(two_chairs, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let foreign = app
        .client
        .put(app.url(&members_path))
        .bearer_auth(&admin)
        .json(&json!([{"councillor_id": uuid::Uuid::now_v7(), "role": "member"}]))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let members: Value = app
        .client
        .put(app.url(&members_path))
        .bearer_auth(&admin)
        .json(&json!([{"councillor_id": ids[1], "role": "member"}, {"councillor_id": ids[0], "role": "chair", "start_date": "2024-05-20"}, {"councillor_id": ids[2], "role": "vice_chair"}]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let roles: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["chair", "vice_chair", "member"]);
    assert!(members[0]["display_name"].as_str().unwrap().len() > 3);

    let meeting: Value = app
        .post(
            &admin,
            "/api/v1/councils/cardiff/meetings",
            &json!({"committee_id": cid, "start": "2027-06-15T18:00"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let mid = meeting["id"].as_str().unwrap();
    let attendance: Value = app
        .client
        .put(app.url(&format!("/api/v1/councils/cardiff/meetings/{mid}/attendance")))
        .bearer_auth(&admin)
        .json(&json!([{"councillor_id": ids[0], "status": "present"}, {"councillor_id": ids[1], "status": "apologies"}, {"councillor_id": ids[3], "status": "remote", "substitute_for": ids[1]}]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(attendance.as_array().unwrap().len(), 3);

    let mismatch = app
        .post(&admin, &format!("/api/v1/councils/cardiff/meetings/{mid}/motions"), &json!({"motion_text": "Approve the budget", "result": "carried", "counts": {"for": 3, "against": 0, "abstain": 0, "absent": 0}, "named_votes": [{"councillor_id": ids[0], "option": "for"}, {"councillor_id": ids[3], "option": "against"}]}))
        .await;
    assert_eq!(
        error_code(mismatch, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let motion = app
        .post(&admin, &format!("/api/v1/councils/cardiff/meetings/{mid}/motions"), &json!({"motion_text": "Approve the budget", "result": "carried", "proposer_id": ids[0], "named_votes": [{"councillor_id": ids[0], "option": "for"}, {"councillor_id": ids[2], "option": "for"}, {"councillor_id": ids[3], "option": "against"}]}))
        .await;
    assert_eq!(motion.status(), StatusCode::CREATED);
    let motion: Value = motion.json().await.unwrap();
    assert_eq!(
        motion["counts"],
        json!({"for": 2, "against": 1, "abstain": 0, "absent": 0})
    );

    // Another council's path finds nothing.
    let york_admin = app
        .member(&admin, "york", "admin@york.test", "admin")
        .await
        .access;
    assert_eq!(
        app.get(
            &york_admin,
            &format!("/api/v1/councils/york/meetings/{mid}/motions")
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );

    let query = format!(
        "{{ council(slug: \"cardiff\") {{ meeting(id: \"{mid}\") {{ attendance {{ status }} motions {{ result forCount againstCount votes {{ option }} }} }} }} }}"
    );
    let before: Value = app.graphql(&query).await.json().await.unwrap();
    assert_eq!(
        before["data"]["council"]["meeting"]["attendance"],
        json!([]),
        "{before}"
    );
    assert_eq!(before["data"]["council"]["meeting"]["motions"], json!([]));
    app.post(
        &admin,
        &format!("/api/v1/councils/cardiff/meetings/{mid}/minutes/publish"),
        &json!({}),
    )
    .await;
    let after: Value = app.graphql(&query).await.json().await.unwrap();
    assert_eq!(
        after["data"]["council"]["meeting"]["attendance"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        after["data"]["council"]["meeting"]["motions"][0]["forCount"],
        2
    );
    assert_eq!(
        after["data"]["council"]["meeting"]["motions"][0]["votes"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}
