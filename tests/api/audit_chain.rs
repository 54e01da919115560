//! The audit log shows tampering anywhere, the ends included: one test per way of tampering, by someone who can
//! write the database but does not have the master secret. Chains are MAC'd under a key derived from it;
//! pruning leaves a MAC'd anchor; a signed checkpoint kept outside the database shows what was lost from the
//! end, a whole chain gone, and a database put back to an older copy.
use std::process::Command;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use secrecy::SecretString;
use townhall::{
    audit::{self, ChainReport, checkpoint, model},
    keys::Keys,
};
use uuid::Uuid;

use crate::helpers::{JWT_SECRET, TestApp, spawn_app};

/// The deployment's keys: in the tests the JWT secret is the master secret.
fn keys() -> Keys {
    Keys::from_master(&SecretString::from(JWT_SECRET), None)
}

/// A server with two councils (York, Leeds): York's chain holds its creation and six entries more, Leeds's its
/// creation and three more.
async fn setup() -> (TestApp, Uuid) {
    let app = spawn_app().await;
    let admin = app.platform_admin().await;
    let mut ids = Vec::new();
    for slug in ["york", "leeds"] {
        let council = app.create_council(&admin, slug, "england").await;
        let id: Uuid = council["id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("council id");
        ids.push(id);
    }
    for (id, n) in [(ids[0], 6), (ids[1], 3)] {
        for i in 0..n {
            audit::record(
                &app.db,
                audit::Event::new(Some(id), "test.event").detail(format!("step={i}")),
            )
            .await;
        }
    }
    (app, ids[0])
}

async fn rows(app: &TestApp, chain: Uuid) -> Vec<model::Model> {
    model::Entity::find()
        .filter(model::Column::Chain.eq(chain.to_string()))
        .order_by_asc(model::Column::Seq)
        .all(&app.db)
        .await
        .expect("rows")
}

async fn reports(app: &TestApp) -> Vec<ChainReport> {
    audit::verify(&app.db, None, &keys()).await.expect("verify")
}

async fn report(app: &TestApp, chain: Uuid) -> ChainReport {
    let reports = audit::verify(&app.db, Some(chain), &keys())
        .await
        .expect("verify");
    assert_eq!(reports.len(), 1, "{reports:?}");
    reports.into_iter().next().expect("one report")
}

/// The entry number and reason a chain is broken at, failing if it holds.
async fn broken(app: &TestApp, chain: Uuid) -> (i64, String) {
    let report = report(app, chain).await;
    match report.broken.clone() {
        Some(found) => found,
        None => panic!("not found: {report:?}"),
    }
}

async fn intact(app: &TestApp) {
    let reports = reports(app).await;
    assert!(!reports.is_empty(), "{reports:?}");
    assert!(reports.iter().all(|r| r.broken.is_none()), "{reports:?}");
}

async fn save(app: &TestApp, row: &model::Model, change: impl FnOnce(&mut model::ActiveModel)) {
    let mut active: model::ActiveModel = row.clone().into();
    change(&mut active);
    active.update(&app.db).await.expect("tamper");
}

async fn delete_seqs(app: &TestApp, chain: Uuid, seqs: impl IntoIterator<Item = i64>) {
    model::Entity::delete_many()
        .filter(model::Column::Chain.eq(chain.to_string()))
        .filter(model::Column::Seq.is_in(seqs))
        .exec(&app.db)
        .await
        .expect("delete");
}

#[tokio::test]
async fn an_edited_entry_is_found_even_with_every_later_hash_recomputed() {
    let (app, york) = setup().await;
    intact(&app).await;
    // The attacker changes entry 3 and rewrites it and every later entry with plain SHA-256, as the chain was
    // once made; then tries again claiming the whole chain predates keys.
    let mut chain = rows(&app, york).await;
    let mut prev = chain[1].hash.clone();
    for row in chain.iter_mut().skip(2) {
        if row.seq == 3 {
            row.detail = Some("step=forged".into());
        }
        row.prev_hash = prev;
        row.hash = audit::chain::legacy_hash_of(row);
        prev = row.hash.clone();
        let row = row.clone();
        save(&app, &row, |a| {
            a.detail = Set(row.detail.clone());
            a.prev_hash = Set(row.prev_hash.clone());
            a.hash = Set(row.hash.clone());
        })
        .await;
    }
    let (seq, why) = broken(&app, york).await;
    assert_eq!(seq, 3);
    assert!(why.contains("MAC does not match"), "{why}");

    let mut prev = audit::GENESIS.to_owned();
    for row in rows(&app, york).await.iter_mut() {
        row.key_id = None;
        row.prev_hash = prev;
        row.hash = audit::chain::legacy_hash_of(row);
        prev = row.hash.clone();
        let row = row.clone();
        save(&app, &row, |a| {
            a.key_id = Set(None);
            a.prev_hash = Set(row.prev_hash.clone());
            a.hash = Set(row.hash.clone());
        })
        .await;
    }
    let (seq, why) = broken(&app, york).await;
    assert_eq!(seq, 1);
    assert!(why.contains("no MAC"), "{why}");
}

#[tokio::test]
async fn entries_removed_from_the_start_are_found() {
    let (app, york) = setup().await;
    delete_seqs(&app, york, [1, 2]).await;
    let (seq, why) = broken(&app, york).await;
    assert_eq!(seq, 3);
    assert!(why.contains("start of the chain was removed"), "{why}");
}

#[tokio::test]
async fn entries_removed_from_the_end_are_found_against_a_checkpoint() {
    let (app, york) = setup().await;
    let saved = checkpoint::take(&app.db, &keys(), app.settings.clock.now())
        .await
        .expect("checkpoint");
    let last = rows(&app, york).await.last().expect("entries").seq;
    delete_seqs(&app, york, [last - 1, last]).await;
    // The database alone cannot tell a chain cut short from one that was never longer...
    intact(&app).await;
    // ...the checkpoint can.
    let problems = checkpoint::compare(&app.db, &saved, &reports(&app).await)
        .await
        .expect("compare");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("york:")
            && problems[0].contains(&format!("checkpoint saw entry {last}")),
        "{problems:?}"
    );
}

#[tokio::test]
async fn a_whole_chain_removed_is_found_against_a_checkpoint() {
    let (app, york) = setup().await;
    let saved = checkpoint::take(&app.db, &keys(), app.settings.clock.now())
        .await
        .expect("checkpoint");
    model::Entity::delete_many()
        .filter(model::Column::Chain.eq(york.to_string()))
        .exec(&app.db)
        .await
        .expect("delete the chain");
    intact(&app).await;
    let problems = checkpoint::compare(&app.db, &saved, &reports(&app).await)
        .await
        .expect("compare");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("york:") && problems[0].contains("whole chain is gone"),
        "{problems:?}"
    );
}

#[tokio::test]
async fn reordered_entries_are_found() {
    let (app, york) = setup().await;
    let chain = rows(&app, york).await;
    // Swap entries 2 and 3 (through a free number, for the unique index).
    save(&app, &chain[1], |a| a.seq = Set(-2)).await;
    save(&app, &chain[2], |a| a.seq = Set(2)).await;
    let mut moved = chain[1].clone();
    moved.seq = -2;
    save(&app, &moved, |a| a.seq = Set(3)).await;
    let (seq, why) = broken(&app, york).await;
    assert_eq!(seq, 2);
    assert!(why.contains("MAC does not match"), "{why}");
}

#[tokio::test]
async fn a_forged_entry_appended_without_the_key_is_found() {
    let (app, york) = setup().await;
    let last = rows(&app, york).await.pop().expect("entries");
    let mut forged = last.clone();
    forged.id = Uuid::now_v7();
    forged.seq = last.seq + 1;
    forged.prev_hash = last.hash.clone();
    forged.action = "member.role_changed".into();
    forged.detail = Some("role=admin".into());
    // The attacker knows the format and the key id (both are in the database), not the key.
    let guessed = Keys::from_master(
        &SecretString::from("a guess at the secret, thirty-two characters long"),
        None,
    );
    forged.hash = audit::mac_of(&forged, guessed.audit());
    let active: model::ActiveModel = forged.clone().into();
    model::Entity::insert(active)
        .exec(&app.db)
        .await
        .expect("forge");
    let (seq, why) = broken(&app, york).await;
    assert_eq!(seq, forged.seq);
    assert!(why.contains("MAC does not match"), "{why}");

    // Nor does a plain SHA-256 entry pass as one from before keys.
    let mut unkeyed = forged.clone();
    unkeyed.key_id = None;
    unkeyed.hash = audit::chain::legacy_hash_of(&unkeyed);
    save(&app, &forged, |a| {
        a.key_id = Set(None);
        a.hash = Set(unkeyed.hash.clone());
    })
    .await;
    let (seq, why) = broken(&app, york).await;
    assert_eq!(seq, forged.seq);
    assert!(why.contains("no MAC"), "{why}");
}

#[tokio::test]
async fn a_database_rolled_back_behind_a_checkpoint_is_found() {
    let (app, york) = setup().await;
    let saved = checkpoint::take(&app.db, &keys(), app.settings.clock.now())
        .await
        .expect("checkpoint");
    // An older copy is put back (the newest two entries were not in it) and the server writes on from there:
    // every chain holds, and has as many entries as the checkpoint saw.
    let last = rows(&app, york).await.last().expect("entries").seq;
    delete_seqs(&app, york, [last - 1, last]).await;
    for step in ["after-restore-1", "after-restore-2"] {
        audit::record(
            &app.db,
            audit::Event::new(Some(york), "test.event").detail(step),
        )
        .await;
    }
    intact(&app).await;
    assert_eq!(report(&app, york).await.last_seq, last);
    let problems = checkpoint::compare(&app.db, &saved, &reports(&app).await)
        .await
        .expect("compare");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains(&format!("entry {last} is not the one the checkpoint saw")),
        "{problems:?}"
    );
}

#[tokio::test]
async fn a_pruned_chain_verifies_from_its_anchor_and_a_tampered_anchor_is_found() {
    let (app, york) = setup().await;
    let saved = checkpoint::take(&app.db, &keys(), app.settings.clock.now())
        .await
        .expect("checkpoint");
    let before = report(&app, york).await;
    // Retention of 0 days: everything written so far goes.
    let removed = audit::prune(&app.db, 0, &keys(), app.settings.clock.now())
        .await
        .expect("prune");
    assert!(removed >= 9, "{removed}");
    assert!(rows(&app, york).await.is_empty());
    audit::record(&app.db, audit::Event::new(Some(york), "test.event")).await;
    let after = report(&app, york).await;
    assert_eq!(after.broken, None, "{after:?}");
    assert_eq!(after.anchored_at, Some(before.last_seq));
    assert_eq!(after.entries, 1);
    assert_eq!(after.last_seq, before.last_seq + 1);
    intact(&app).await;
    // A checkpoint from before pruning still agrees.
    let problems = checkpoint::compare(&app.db, &saved, &reports(&app).await)
        .await
        .expect("compare");
    assert!(problems.is_empty(), "{problems:?}");

    // Moving the anchor back (to hide that entries are missing) is found...
    let anchor = audit::anchor::Entity::find_by_id(york.to_string())
        .one(&app.db)
        .await
        .expect("read")
        .expect("an anchor");
    let mut moved: audit::anchor::ActiveModel = anchor.clone().into();
    moved.last_seq = Set(anchor.last_seq - 1);
    moved.update(&app.db).await.expect("tamper");
    let (_, why) = broken(&app, york).await;
    assert!(why.contains("anchor") && why.contains("altered"), "{why}");
    // ...and so is removing it.
    audit::anchor::Entity::delete_by_id(york.to_string())
        .exec(&app.db)
        .await
        .expect("remove the anchor");
    let (seq, why) = broken(&app, york).await;
    assert_eq!(seq, before.last_seq + 1);
    assert!(why.contains("start of the chain was removed"), "{why}");
}

#[tokio::test]
async fn a_checkpoint_altered_or_signed_by_another_key_is_refused() {
    let (app, _) = setup().await;
    let keys = keys();
    let saved = checkpoint::take(&app.db, &keys, app.settings.clock.now())
        .await
        .expect("checkpoint");
    assert_eq!(checkpoint::check_signature(&saved, &keys), Ok(()));

    let mut shorter = saved.clone();
    shorter.chains[0].last_seq -= 1;
    let why = checkpoint::check_signature(&shorter, &keys).expect_err("altered");
    assert!(why.contains("signature does not hold"), "{why}");

    let mut bad = saved.clone();
    let flipped = if bad.signature.starts_with('0') {
        "1"
    } else {
        "0"
    };
    bad.signature.replace_range(0..1, flipped);
    assert!(checkpoint::check_signature(&bad, &keys).is_err());

    // A checkpoint made and signed, consistently, with another key is not this deployment's.
    let other = Keys::from_master(
        &SecretString::from("someone else's secret, thirty-two characters"),
        None,
    );
    let theirs = checkpoint::take(&app.db, &other, app.settings.clock.now()).await;
    // Their key does not verify our chains, so they cannot even take one here...
    assert!(theirs.is_err());
    // ...and one signed with their key over our heads is refused.
    let mut resigned = saved.clone();
    resigned.public_key = checkpoint::public_key_hex(&other);
    let signature =
        ed25519_dalek::Signer::sign(other.checkpoint_signing(), &resigned.signed_bytes());
    resigned.signature = hex::encode(signature.to_bytes());
    let why = checkpoint::check_signature(&resigned, &keys).expect_err("another key");
    assert!(why.contains("not this deployment's"), "{why}");
    // After a rotation (their secret now current, ours previous), our checkpoint still holds.
    let rotated = Keys::from_master(
        &SecretString::from("someone else's secret, thirty-two characters"),
        Some(&SecretString::from(JWT_SECRET)),
    );
    assert_eq!(checkpoint::check_signature(&saved, &rotated), Ok(()));
    assert!(
        audit::verify(&app.db, None, &rotated)
            .await
            .expect("verify")
            .iter()
            .all(|r| r.broken.is_none())
    );
}

#[tokio::test]
async fn entries_from_before_keys_are_sealed_when_the_server_starts() {
    let (app, york) = setup().await;
    // Make York's chain as the server before keys wrote it: plain SHA-256, no key id, its start pruned the
    // old way (no anchor).
    delete_seqs(&app, york, [1]).await;
    let chain = rows(&app, york).await;
    let mut prev = "f".repeat(64);
    for row in &chain {
        let mut old = row.clone();
        old.key_id = None;
        old.prev_hash = prev;
        old.hash = audit::chain::legacy_hash_of(&old);
        prev = old.hash.clone();
        save(&app, row, |a| {
            a.key_id = Set(None);
            a.prev_hash = Set(old.prev_hash.clone());
            a.hash = Set(old.hash.clone());
        })
        .await;
    }
    assert!(report(&app, york).await.broken.is_some());
    let sealed = audit::seal::seal_legacy(&app.db, &keys(), app.settings.clock.now())
        .await
        .expect("seal");
    assert_eq!(sealed, chain.len() as u64);
    let after = report(&app, york).await;
    assert_eq!(after.broken, None, "{after:?}");
    assert_eq!(after.anchored_at, Some(1));
    intact(&app).await;
}

#[tokio::test]
async fn the_command_line_writes_a_checkpoint_and_verifies_against_it() {
    let (app, york) = setup().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("checkpoint.json");
    let townhall = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_townhall"))
            .args(args)
            .env("TOWNHALL_DATABASE_URL", &app.settings.database_url)
            .env("TOWNHALL_JWT_SECRET", JWT_SECRET)
            .output()
            .expect("run townhall")
    };
    let file_arg = file.to_str().expect("path");
    let written = townhall(&["audit", "checkpoint", "--out", file_arg]);
    assert!(written.status.success(), "{written:?}");
    let public_key = townhall(&["audit", "public-key"]);
    let public_key = String::from_utf8_lossy(&public_key.stdout)
        .trim()
        .to_owned();
    let saved: checkpoint::Checkpoint =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    assert_eq!(saved.public_key, public_key);
    assert_eq!(public_key, checkpoint::public_key_hex(&keys()));
    assert!(
        saved
            .chains
            .iter()
            .any(|c| c.council.as_deref() == Some("york"))
    );

    let ok = townhall(&["audit", "verify", "--checkpoint", file_arg]);
    let said = String::from_utf8_lossy(&ok.stdout).into_owned();
    assert!(ok.status.success(), "{said}");
    assert!(said.contains("york: 7 entries, intact"), "{said}");
    assert!(said.contains("leeds: 4 entries, intact"), "{said}");
    assert!(said.contains("every chain it saw is still there"), "{said}");

    // The newest York entry goes: the database alone looks whole, the checkpoint does not agree.
    let last = rows(&app, york).await.last().expect("entries").seq;
    delete_seqs(&app, york, [last]).await;
    let plain = townhall(&["audit", "verify", "--council", "york"]);
    assert!(plain.status.success());
    let against = townhall(&["audit", "verify", "--checkpoint", file_arg]);
    let said = String::from_utf8_lossy(&against.stdout).into_owned();
    assert!(!against.status.success(), "{said}");
    assert!(
        said.contains("CHECKPOINT: york: it ends at entry"),
        "{said}"
    );

    // An altered checkpoint is refused before anything is compared.
    let text = std::fs::read_to_string(&file).expect("read");
    let altered = text.replacen(
        &format!("\"last_seq\": {last}"),
        &format!("\"last_seq\": {}", last - 1),
        1,
    );
    assert_ne!(altered, text);
    let altered_file = dir.path().join("altered.json");
    std::fs::write(&altered_file, altered).expect("write");
    let refused = townhall(&[
        "audit",
        "verify",
        "--checkpoint",
        altered_file.to_str().expect("path"),
    ]);
    let said = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert!(!refused.status.success());
    assert!(said.contains("checkpoint refused"), "{said}");
}
