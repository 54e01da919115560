//! Invitations and forgotten passwords, with the emails read from a real SMTP conversation.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, error_code, spawn_app_with_mail as with_mail, token_in};

#[tokio::test]
async fn an_invitation_tells_the_admin_nothing_about_accounts_and_makes_a_member_only_when_accepted()
 {
    let (app, sink) = with_mail().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "leeds", "england").await;
    app.create_council(&platform, "york", "england").await;
    let leeds_admin = app
        .member(&platform, "leeds", "admin@leeds.test", "admin")
        .await
        .access;
    app.member(&platform, "york", "shared@councils.test", "editor")
        .await;

    // Same answer for an address with an account elsewhere and for one without.
    let mut answers = Vec::new();
    for email in ["shared@councils.test", "new.person@leeds.test"] {
        let invited = app
            .post(
                &leeds_admin,
                "/api/v1/councils/leeds/invitations",
                &json!({"email": email, "role": "editor"}),
            )
            .await;
        assert_eq!(invited.status(), StatusCode::ACCEPTED);
        let body: Value = invited.json().await.expect("json");
        let mut keys: Vec<String> = body.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        answers.push(keys);
        assert!(
            body.get("user_id").is_none() && body.get("display_name").is_none(),
            "{body}"
        );
    }
    assert_eq!(answers[0], answers[1], "the answers have the same shape");
    let emails = sink.wait_for(2).await;
    let to_shared = emails
        .iter()
        .find(|m| m.contains("To: shared@councils.test"))
        .expect("an email to the existing account");
    let to_new = emails
        .iter()
        .find(|m| m.contains("To: new.person@leeds.test"))
        .expect("an email to the new address");
    assert!(
        to_new.contains("Subject: You are invited to work on leeds council"),
        "{to_new}"
    );
    let shared_token = token_in(to_shared, "/admin/invitations/");
    let new_token = token_in(to_new, "/admin/invitations/");
    assert!(new_token.starts_with("thi_"), "{new_token}");

    // Not a member until accepted.
    let shared_access = app.login("shared@councils.test").await.access;
    assert_eq!(
        app.get(&shared_access, "/api/v1/councils/leeds")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let pending: Value = app
        .get(&leeds_admin, "/api/v1/councils/leeds/invitations")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(pending.as_array().expect("list").len(), 2);

    // The link's holder sees what it is for; an existing account accepts with its password.
    let view: Value = app
        .client
        .get(app.url(&format!("/api/v1/invitations/{shared_token}")))
        .send()
        .await
        .expect("view")
        .json()
        .await
        .expect("json");
    assert_eq!(view["council_name"], "leeds council");
    assert_eq!(view["has_account"], true);
    let accept = |token: String, body: Value| {
        let app = &app;
        async move {
            app.client
                .post(app.url(&format!("/api/v1/invitations/{token}/accept")))
                .json(&body)
                .send()
                .await
                .expect("accept")
        }
    };
    let wrong = accept(
        shared_token.clone(),
        json!({"password": "not the right one at all"}),
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let accepted = accept(shared_token.clone(), json!({"password": PASSWORD})).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(
        app.get(&shared_access, "/api/v1/councils/leeds")
            .await
            .status(),
        StatusCode::OK,
        "a member now"
    );
    let again = accept(shared_token, json!({"password": PASSWORD})).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "used once");

    // A new address sets a name and a password, then signs in.
    let short = accept(
        new_token.clone(),
        json!({"display_name": "New Person", "password": "short"}),
    )
    .await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let created = accept(
        new_token,
        json!({"display_name": "New Person", "password": PASSWORD}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::OK);
    let body: Value = created.json().await.expect("json");
    assert_eq!(body["council"], "leeds");
    assert_eq!(body["role"], "editor");
    let new_access = app.login("new.person@leeds.test").await.access;
    assert_eq!(
        app.get(&new_access, "/api/v1/councils/leeds/pages")
            .await
            .status(),
        StatusCode::OK
    );

    // A withdrawn invitation's link stops working; another council's admin cannot see or withdraw it.
    let third: Value = app
        .post(
            &leeds_admin,
            "/api/v1/councils/leeds/invitations",
            &json!({"email": "third@leeds.test", "role": "viewer"}),
        )
        .await
        .json()
        .await
        .expect("json");
    let emails = sink.wait_for(3).await;
    let third_token = token_in(
        emails
            .iter()
            .find(|m| m.contains("To: third@leeds.test"))
            .expect("email"),
        "/admin/invitations/",
    );
    let york_admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let id = third["id"].as_str().expect("id");
    let foreign = app
        .delete(
            &york_admin,
            &format!("/api/v1/councils/york/invitations/{id}"),
        )
        .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    let withdrawn = app
        .delete(
            &leeds_admin,
            &format!("/api/v1/councils/leeds/invitations/{id}"),
        )
        .await;
    assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
    let dead = app
        .client
        .get(app.url(&format!("/api/v1/invitations/{third_token}")))
        .send()
        .await
        .expect("view");
    assert_eq!(dead.status(), StatusCode::NOT_FOUND);

    // Inviting an existing member of this council is a conflict (about this council only).
    let member = app
        .post(
            &leeds_admin,
            "/api/v1/councils/leeds/invitations",
            &json!({"email": "shared@councils.test", "role": "viewer"}),
        )
        .await;
    assert_eq!(error_code(member, StatusCode::CONFLICT).await, "conflict");
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_an_emailed_link_that_works_once_and_ends_other_sessions()
{
    let (app, sink) = with_mail().await;
    app.create_user("editor@york.test", false).await;
    let old = app.login("editor@york.test").await;

    let unknown = app
        .client
        .post(app.url("/api/v1/auth/password-reset"))
        .json(&json!({"email": "nobody@york.test"}))
        .send()
        .await
        .expect("reset");
    assert_eq!(unknown.status(), StatusCode::ACCEPTED, "the same answer");
    let known = app
        .client
        .post(app.url("/api/v1/auth/password-reset"))
        .json(&json!({"email": "Editor@York.test"}))
        .send()
        .await
        .expect("reset");
    assert_eq!(known.status(), StatusCode::ACCEPTED);
    // An email goes with each reset link made, and only the known address got one.
    assert_eq!(
        crate::helpers::table_counts(&app.db).await["password_resets"],
        1,
        "no link, so no email, for an unknown address"
    );
    let emails = sink.wait_for(1).await;
    assert_eq!(sink.messages().len(), 1, "no email for an unknown address");
    assert!(emails[0].contains("To: editor@york.test"), "{}", emails[0]);
    let token = token_in(&emails[0], "/admin/reset-password/");

    let set = |password: &'static str| {
        let app = &app;
        let token = token.clone();
        async move {
            app.client
                .post(app.url(&format!("/api/v1/auth/password-reset/{token}")))
                .json(&json!({"password": password}))
                .send()
                .await
                .expect("set")
        }
    };
    assert_eq!(
        set("short").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        set("a brand new long passphrase").await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        set("another new long passphrase").await.status(),
        StatusCode::NOT_FOUND,
        "the link works once"
    );
    assert_eq!(
        app.login_response("editor@york.test", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login_response("editor@york.test", "a brand new long passphrase")
            .await
            .status(),
        StatusCode::OK
    );
    let refreshed = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": old.refresh}))
        .send()
        .await
        .expect("refresh");
    assert_eq!(
        refreshed.status(),
        StatusCode::UNAUTHORIZED,
        "other sessions end"
    );
    assert_eq!(
        app.get(&old.access, "/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn reviewers_hear_of_submissions_and_authors_of_publication_and_sending_back() {
    let (app, sink) = with_mail().await;
    let platform = app.platform_admin().await;
    app.create_council(&platform, "york", "england").await;
    let admin = app
        .member(&platform, "york", "admin@york.test", "admin")
        .await
        .access;
    let editor = app
        .member(&platform, "york", "editor@york.test", "editor")
        .await
        .access;
    let (page, etag) = app
        .create_item(
            &editor,
            "york",
            "pages",
            json!({"translations": {"en": {"title": "Bulky waste", "slug": "bulky-waste"}}}),
        )
        .await;
    let submitted = app
        .post_if_match(
            &editor,
            &format!("/api/v1/councils/york/pages/{page}/submit"),
            &etag,
        )
        .await;
    assert_eq!(submitted.status(), StatusCode::OK);
    let etag = submitted.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    let review = sink
        .wait_for(1)
        .await
        .into_iter()
        .find(|m| m.contains("Subject: Ready for review: Bulky waste"))
        .expect("a review email");
    assert!(review.contains("To: admin@york.test"), "{review}");
    assert!(
        review.contains(&format!("/admin/c/york/pages/{page}")),
        "links to the page in the admin app: {review}"
    );
    let sent_back = app
        .client
        .post(app.url(&format!("/api/v1/councils/york/pages/{page}/withdraw")))
        .bearer_auth(&admin)
        .header("if-match", &etag)
        .json(&json!({"note": "Add the charges, please"}))
        .send()
        .await
        .expect("withdraw");
    assert_eq!(sent_back.status(), StatusCode::OK);
    let etag = sent_back.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    let back = sink.wait_for(2).await;
    let back = back
        .iter()
        .find(|m| m.contains("Subject: Sent back for changes: Bulky waste"))
        .expect("a sent-back email");
    assert!(
        back.contains("To: editor@york.test") && back.contains("Add the charges, please"),
        "{back}"
    );
    let published = app
        .post_if_match(
            &admin,
            &format!("/api/v1/councils/york/pages/{page}/publish"),
            &etag,
        )
        .await;
    assert_eq!(published.status(), StatusCode::OK);
    let all = sink.wait_for(3).await;
    let done = all
        .iter()
        .find(|m| m.contains("Subject: Published: Bulky waste"))
        .expect("a published email");
    assert!(done.contains("To: editor@york.test"), "{done}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        sink.messages().len(),
        3,
        "nobody hears of their own action: {:?}",
        sink.messages()
    );
}
