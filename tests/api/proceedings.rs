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
    let xml = crate::helpers::councillors_by_ward("cardiff.co.uk.xml");
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

#[tokio::test]
async fn councillors_can_be_added_edited_deleted_and_restored_by_hand() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    app.create_council(&admin, "leeds", "england").await;
    let xml = r#"<?xml version="1.0"?><councillorsbyward><wards><ward><wardtitle>Guildhall</wardtitle><councillors><councillor><councillorid>7</councillorid><fullusername>Councillor Ann Other</fullusername><politicalpartytitle>Green</politicalpartytitle></councillor></councillors></ward></wards></councillorsbyward>"#;
    for council in ["york", "leeds"] {
        let r = app
            .client
            .post(app.url(&format!(
                "/api/v1/councils/{council}/imports/moderngov/councillors-by-ward"
            )))
            .bearer_auth(&admin)
            .header("content-type", "application/xml")
            .body(xml)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let ward = |council: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let wards: Value = app
                .get(&admin, &format!("/api/v1/councils/{council}/wards"))
                .await
                .json()
                .await
                .unwrap();
            wards["items"][0]["id"].as_str().unwrap().to_owned()
        }
    };
    let (york_ward, leeds_ward) = (ward("york").await, ward("leeds").await);

    let no_alt = app
        .post(
            &admin,
            "/api/v1/councils/york/councillors",
            &json!({"display_name": "Jo Bloggs", "photo_url": "https://example.gov.uk/jo.jpg"}),
        )
        .await;
    assert_eq!(
        error_code(no_alt, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let foreign_ward = app
        .post(
            &admin,
            "/api/v1/councils/york/councillors",
            &json!({"display_name": "Jo Bloggs", "seats": [{"ward_id": leeds_ward}]}),
        )
        .await;
    assert_eq!(
        foreign_ward.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "another council's ward cannot be used"
    );
    let created = app
        .post(&admin, "/api/v1/councils/york/councillors", &json!({"display_name": "Jo Bloggs", "email": "jo@york.test", "seats": [{"ward_id": york_ward, "start_date": "2027-05-06"}]}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.headers()["etag"], "\"1\"");
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["seats"][0]["ward"]["name"], "Guildhall");

    let path = format!("/api/v1/councils/york/councillors/{id}");
    let body = json!({"display_name": "Jo Bloggs-Smith", "email": "jo@york.test"});
    assert_eq!(
        app.patch(&admin, &path, None, &body).await.status(),
        StatusCode::PRECONDITION_REQUIRED
    );
    let updated = app.patch(&admin, &path, Some("\"1\""), &body).await;
    assert_eq!(updated.status(), StatusCode::OK);
    let updated: Value = updated.json().await.unwrap();
    assert_eq!(updated["display_name"], "Jo Bloggs-Smith");
    assert_eq!(
        updated["seats"].as_array().unwrap().len(),
        1,
        "seats kept when not given"
    );
    assert_eq!(
        error_code(
            app.patch(&admin, &path, Some("\"1\""), &body).await,
            StatusCode::PRECONDITION_FAILED
        )
        .await,
        "precondition_failed"
    );

    assert_eq!(app.delete(&admin, &path).await.status(), StatusCode::OK);
    assert_eq!(app.get(&admin, &path).await.status(), StatusCode::NOT_FOUND);
    let public: Value = app
        .graphql(&format!(
            "{{ council(slug: \"york\") {{ councillor(id: \"{id}\") {{ displayName }} }} }}"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["data"]["council"]["councillor"], Value::Null);
    assert_eq!(
        app.post(&admin, &format!("{path}/restore"), &json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(app.get(&admin, &path).await.status(), StatusCode::OK);

    let leeds_admin = app
        .member(&admin, "leeds", "admin@leeds.test", "admin")
        .await
        .access;
    assert_eq!(
        app.delete(
            &leeds_admin,
            &format!("/api/v1/councils/leeds/councillors/{id}")
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn wards_and_parties_can_be_added_and_edited_with_if_match() {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    app.create_council(&admin, "york", "england").await;
    let ward = app
        .post(
            &admin,
            "/api/v1/councils/york/wards",
            &json!({"name": "Guildhall", "gss_code": "e05014226"}),
        )
        .await;
    assert_eq!(ward.status(), StatusCode::CREATED);
    let ward: Value = ward.json().await.unwrap();
    assert_eq!(ward["gss_code"], "E05014226");
    let duplicate = app
        .post(
            &admin,
            "/api/v1/councils/york/wards",
            &json!({"name": "Guildhall"}),
        )
        .await;
    assert_eq!(
        error_code(duplicate, StatusCode::CONFLICT).await,
        "conflict"
    );
    let bad_gss = app
        .post(
            &admin,
            "/api/v1/councils/york/wards",
            &json!({"name": "Micklegate", "gss_code": "nope"}),
        )
        .await;
    assert_eq!(bad_gss.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let path = format!(
        "/api/v1/councils/york/wards/{}",
        ward["id"].as_str().unwrap()
    );
    let renamed = app
        .patch(
            &admin,
            &path,
            Some("\"1\""),
            &json!({"name": "Guildhall and Clifton"}),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    assert_eq!(renamed.headers()["etag"], "\"2\"");
    assert_eq!(
        app.patch(
            &admin,
            &path,
            Some("\"1\""),
            &json!({"name": "Lost update"})
        )
        .await
        .status(),
        StatusCode::PRECONDITION_FAILED
    );

    let bad_colour = app
        .post(
            &admin,
            "/api/v1/councils/york/parties",
            &json!({"name": "Green Party", "colour": "green"}),
        )
        .await;
    assert_eq!(
        error_code(bad_colour, StatusCode::UNPROCESSABLE_ENTITY).await,
        "validation_failed"
    );
    let party: Value = app
        .post(
            &admin,
            "/api/v1/councils/york/parties",
            &json!({"name": "Green Party", "short_name": "Green", "colour": "#02A95B"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let updated = app
        .patch(
            &admin,
            &format!(
                "/api/v1/councils/york/parties/{}",
                party["id"].as_str().unwrap()
            ),
            Some("\"1\""),
            &json!({"name": "Green Party", "colour": "#00AA55"}),
        )
        .await;
    assert_eq!(updated.status(), StatusCode::OK);
    let body: Value = app
        .graphql("{ council(slug: \"york\") { wards { name gssCode } parties { name colour } } }")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["council"]["wards"],
        json!([{"name": "Guildhall and Clifton", "gssCode": null}])
    );
    assert_eq!(
        body["data"]["council"]["parties"],
        json!([{"name": "Green Party", "colour": "#00AA55"}])
    );

    // Deleting is soft: both leave the public lists at once and come back when restored.
    let party_path = format!(
        "/api/v1/councils/york/parties/{}",
        party["id"].as_str().unwrap()
    );
    let ward_path = format!(
        "/api/v1/councils/york/wards/{}",
        ward["id"].as_str().unwrap()
    );
    for path in [&party_path, &ward_path] {
        let deleted = app.delete(&admin, path).await;
        assert_eq!(deleted.status(), StatusCode::OK, "{path}");
        let deleted: Value = deleted.json().await.unwrap();
        assert!(deleted["deleted_at"].is_string(), "{deleted}");
    }
    let lists = || async {
        let body: Value = app
            .graphql("{ council(slug: \"york\") { wards { name } parties { name } } }")
            .await
            .json()
            .await
            .unwrap();
        (
            body["data"]["council"]["wards"].as_array().unwrap().len(),
            body["data"]["council"]["parties"].as_array().unwrap().len(),
        )
    };
    assert_eq!(lists().await, (0, 0));
    assert_eq!(
        app.delete(&admin, &party_path).await.status(),
        StatusCode::NOT_FOUND,
        "already deleted"
    );
    for path in [&party_path, &ward_path] {
        let restored = app
            .post(&admin, &format!("{path}/restore"), &json!({}))
            .await;
        assert_eq!(restored.status(), StatusCode::OK, "{path}");
    }
    assert_eq!(lists().await, (1, 1));
    let history: Value = app
        .get(
            &admin,
            &format!(
                "/api/v1/councils/york/revisions/{}",
                party["id"].as_str().unwrap()
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["restored", "deleted", "updated", "created"]);
}
