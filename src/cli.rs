//! The `townhall` command line: serve (default), migrate, create-council, create-user, import, export-council,
//! import-council, audit verify, export-specs.
use std::{io::Read, path::PathBuf};

use clap::{Parser, Subcommand};
use secrecy::SecretString;

use crate::{
    auth::{self, Role, password},
    config::{Settings, sqlite_file},
    db, democracy,
    startup::Application,
    tenancy::{self, model as council_model, store::NewCouncil},
};

#[derive(Parser, Debug)]
#[command(
    name = "townhall",
    version,
    about = "Townhall: a headless CMS for UK councils"
)]
pub struct Cli {
    /// A TOML settings file (default: ./townhall.toml when present).
    #[arg(long, global = true, env = "TOWNHALL_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the server (the default): applies migrations and prints the URLs.
    Serve,
    /// Apply pending migrations, or roll back the last N with --down.
    Migrate {
        #[arg(long)]
        down: Option<u32>,
    },
    /// Create a council.
    CreateCouncil {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// england, wales, scotland or northern_ireland
        #[arg(long)]
        nation: String,
        #[arg(long)]
        gss_code: Option<String>,
        /// Comma-separated, e.g. en,cy (default: en, plus cy for Welsh councils)
        #[arg(long, value_delimiter = ',')]
        locales: Option<Vec<String>>,
    },
    /// Create a user (or add an existing one to a council). The password is read from standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[arg(long)]
        platform_admin: bool,
        /// A council slug to add the user to.
        #[arg(long, requires = "role")]
        council: Option<String>,
        /// admin, editor, democratic_services or viewer
        #[arg(long, requires = "council")]
        role: Option<String>,
    },
    /// Import records from another system into a council.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Try Townhall: seed two real councils (Cardiff and Southwark) with councillors, committees, meetings from
    /// three months ago to six months ahead and web content, print a demo editor's sign-in, then serve. Seeding
    /// happens once; later runs just serve. Refused in production mode.
    Demo,
    /// Fill the database with demonstration data for trying the APIs and for benchmarks: councils with their real
    /// ModernGov councillors (from a folder of GetCouncillorsByWard files), committees and meetings with agendas.
    SeedDemo {
        /// A folder of GetCouncillorsByWard XML files (e.g. tests/fixtures/moderngov/councillors-by-ward).
        #[arg(long)]
        moderngov_dir: PathBuf,
        /// How many councils to create (one per usable file, at most).
        #[arg(long, default_value_t = 10)]
        councils: usize,
        /// Meetings per council.
        #[arg(long, default_value_t = 100)]
        meetings: usize,
    },
    /// Write one council's archive: every record (content and democratic records with revisions, media and
    /// papers with their bytes, settings, members without password hashes, webhooks without secrets) and a
    /// manifest of SHA-256s, to restore with import-council on this or another instance, on either database.
    ExportCouncil {
        #[arg(long)]
        council: String,
        /// The archive to write (a gzip-compressed tar); an existing file is not overwritten.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a council from an archive written by export-council. The archive is checked whole first: a
    /// damaged or altered one is refused and nothing is written.
    ImportCouncil {
        file: PathBuf,
        /// Restore under this slug instead of the archive's (needed where that slug is taken).
        #[arg(long)]
        slug: Option<String>,
    },
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Write graphql/schema.graphql and admin-spec/openapi.json (with --check: fail if they differ).
    ExportSpecs {
        #[arg(long)]
        check: bool,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check every chain (or one council's): each entry's MAC under the audit key, its link to the one before,
    /// no gaps, a start at the genesis or the chain's anchor. With --checkpoint, also that the checkpoint is
    /// genuine and that every chain it saw is still there up to the entry it saw. Exits with status 1 when
    /// anything does not hold, naming the first entry that does not.
    Verify {
        /// A council's slug; every chain (each council's and the platform's) when absent.
        #[arg(long)]
        council: Option<String>,
        /// A checkpoint written by `audit checkpoint`.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
    },
    /// Write a signed checkpoint of every chain (its newest entry's number and MAC), to keep outside the
    /// database; refused while a chain is broken.
    Checkpoint {
        /// The file to write (not overwritten if it exists); standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the Ed25519 public key checkpoints are signed with (hex), for an auditor to pin.
    PublicKey,
}

#[derive(Subcommand, Debug)]
pub enum ImportSource {
    /// A ModernGov `GetCouncillorsByWard` XML response: wards, parties, councillors and terms of office.
    ModerngovCouncillors {
        #[arg(long)]
        council: String,
        file: PathBuf,
    },
    /// A ModernGov `GetCommittees` XML response.
    ModerngovCommittees {
        #[arg(long)]
        council: String,
        file: PathBuf,
    },
    /// A ModernGov `GetMeetings` XML response (committees it names are created if unknown).
    ModerngovMeetings {
        #[arg(long)]
        council: String,
        file: PathBuf,
    },
}

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::ExportSpecs { check, root } = &command {
        let drifted = crate::specs::export(root, *check)?;
        if !drifted.is_empty() {
            anyhow::bail!(
                "out of date: {}; run `cargo run -- export-specs` and commit",
                drifted.join(", ")
            );
        }
        if !*check {
            println!(
                "wrote {} and {}",
                crate::specs::SDL_PATH,
                crate::specs::OPENAPI_PATH
            );
        }
        return Ok(());
    }
    let settings = Settings::load(cli.config.as_deref())?;
    crate::telemetry::init(settings.log_format);
    // Entries a command records are MAC'd under the deployment's audit key.
    crate::audit::install_key(crate::keys::Keys::from_settings(&settings)?.audit());
    match command {
        Command::Serve => serve(settings).await,
        Command::Migrate { down } => {
            let conn = db::connect(&settings).await?;
            match down {
                Some(n) => {
                    use migration::MigratorTrait;
                    migration::Migrator::down(&conn, Some(n)).await?;
                    println!("rolled back {n} migration(s)");
                }
                None => {
                    db::migrate(&conn).await?;
                    println!("migrations applied");
                }
            }
            Ok(())
        }
        Command::CreateCouncil {
            slug,
            name,
            nation,
            gss_code,
            locales,
        } => {
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let nation = council_model::parse_nation(&nation)?;
            let new = NewCouncil {
                slug: council_model::validate_slug(&slug)?,
                name: council_model::validate_name(&name)?,
                nation,
                gss_code: gss_code
                    .as_deref()
                    .map(council_model::validate_gss_code)
                    .transpose()?
                    .flatten(),
                locales: council_model::validate_locales(locales.as_deref(), nation)?,
                website_url: None,
                allowed_origins: String::new(),
                media_base_url: None,
                meeting_minutes: None,
            };
            let council = tenancy::store::create(&conn, &settings.clock, new).await?;
            println!("created council {} ({})", council.slug, council.id);
            Ok(())
        }
        Command::CreateUser {
            email,
            display_name,
            password_stdin: _,
            platform_admin,
            council,
            role,
        } => {
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let email = auth::validate_email(&email)?;
            let user = match auth::store::find_user_by_email(&conn, &email).await? {
                Some(user) => {
                    if council.is_none() {
                        anyhow::bail!(
                            "a user with that email exists; give --council and --role to add them to a council"
                        );
                    }
                    user
                }
                None => {
                    let mut input = String::new();
                    std::io::stdin().read_to_string(&mut input)?;
                    let pw = SecretString::from(input.trim_end_matches(['\r', '\n']).to_owned());
                    password::validate_new_password(&pw)?;
                    let hash =
                        password::hash_password(password::HashCost::of(&settings), pw).await?;
                    let name = display_name
                        .unwrap_or_else(|| email.split('@').next().unwrap_or("").to_owned());
                    let user = auth::store::create_user(
                        &conn,
                        &email,
                        &name,
                        hash,
                        platform_admin,
                        settings.clock.now(),
                    )
                    .await?;
                    println!("created user {}", user.id);
                    user
                }
            };
            if let (Some(slug), Some(role)) = (council, role) {
                let role = Role::parse(&role).ok_or_else(|| {
                    anyhow::anyhow!("role must be admin, editor, democratic_services or viewer")
                })?;
                let tenant = tenancy::store::resolve(&conn, &settings.clock, &slug).await?;
                auth::store::add_member(&tenant, &conn, user.id, role).await?;
                println!("added to {slug} as {}", role.as_str());
            }
            Ok(())
        }
        Command::Import { source } => {
            let (council, file) = match &source {
                ImportSource::ModerngovCouncillors { council, file }
                | ImportSource::ModerngovCommittees { council, file }
                | ImportSource::ModerngovMeetings { council, file } => {
                    (council.clone(), file.clone())
                }
            };
            let xml = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let tenant = tenancy::store::resolve(&conn, &settings.clock, &council).await?;
            use democracy::moderngov::{calendar, import, parse, records};
            let report = match source {
                ImportSource::ModerngovCouncillors { .. } => serde_json::to_string_pretty(
                    &import::import_councillors_by_ward(
                        &tenant,
                        &conn,
                        parse::parse_councillors_by_ward(&xml)?,
                        None,
                        import::Mode::Write,
                    )
                    .await?,
                )?,
                ImportSource::ModerngovCommittees { .. } => serde_json::to_string_pretty(
                    &calendar::import_committees(
                        &tenant,
                        &conn,
                        records::parse_committees(&xml)?,
                        None,
                        import::Mode::Write,
                    )
                    .await?,
                )?,
                ImportSource::ModerngovMeetings { .. } => serde_json::to_string_pretty(
                    &calendar::import_meetings(
                        &tenant,
                        &conn,
                        records::parse_meetings(&xml)?,
                        None,
                        import::Mode::Write,
                    )
                    .await?,
                )?,
            };
            println!("{report}");
            Ok(())
        }
        Command::Demo => {
            if settings.production {
                anyhow::bail!(
                    "the demo is not for production: it creates a user with a published password"
                );
            }
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            match crate::demo::councils::seed(&conn, &settings.clock).await? {
                Some(seeded) => {
                    println!("Seeded the demo:");
                    for council in &seeded.councils {
                        println!("  {council}");
                    }
                    println!(
                        "  {} councillors; {} meetings: {} held, {} upcoming with agendas out, {} with agendas due this week; {} decisions; {} web content items",
                        seeded.councillors,
                        seeded.meetings,
                        seeded.held,
                        seeded.upcoming_with_agenda,
                        seeded.agendas_due_this_week,
                        seeded.decisions,
                        seeded.content_items
                    );
                }
                None => println!("The demo councils are already here."),
            }
            println!(
                "Demo editor: {} / password: {}",
                crate::demo::councils::EDITOR_EMAIL,
                crate::demo::councils::EDITOR_PASSWORD
            );
            println!(
                "Demo democratic services officer: {} / password: {}",
                crate::demo::councils::OFFICER_EMAIL,
                crate::demo::councils::OFFICER_PASSWORD
            );
            drop(conn);
            serve(settings).await
        }
        Command::SeedDemo {
            moderngov_dir,
            councils,
            meetings,
        } => {
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let report =
                crate::demo::seed(&conn, &settings.clock, &moderngov_dir, councils, meetings)
                    .await?;
            println!("{report}");
            Ok(())
        }
        Command::ExportSpecs { .. } => Ok(()),
        Command::ExportCouncil { council, out } => {
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let blobs = crate::media::storage::from_settings(&settings)?;
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&out)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", out.display()))?;
            let writer = std::io::BufWriter::new(file);
            let exported = crate::archive::export_council(
                &conn,
                blobs.as_ref(),
                &council,
                writer,
                settings.clock.now(),
            )
            .await;
            let manifest = match exported {
                Ok(manifest) => manifest,
                Err(e) => {
                    let _ = std::fs::remove_file(&out);
                    return Err(e.into());
                }
            };
            let event = crate::audit::Event::new(Some(manifest.council.id), "council.exported")
                .target("council", manifest.council.id)
                .detail(format!("parts={} by=command-line", manifest.parts.len()));
            crate::audit::record(&conn, event).await;
            let files = manifest
                .parts
                .iter()
                .filter(|p| p.name.starts_with("files/"))
                .count();
            let rows: usize = manifest.parts.iter().filter_map(|p| p.rows).sum();
            println!(
                "wrote {}: council {} ({}), {rows} rows, {files} files",
                out.display(),
                manifest.council.slug,
                manifest.council.name
            );
            Ok(())
        }
        Command::ImportCouncil { file, slug } => {
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let blobs = crate::media::storage::from_settings(&settings)?;
            let input = std::fs::File::open(&file)
                .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", file.display()))?;
            let restored = crate::archive::restore(
                &conn,
                blobs.as_ref(),
                input,
                slug.as_deref(),
                crate::archive::pack::Limits::from_settings(&settings),
            )
            .await?;
            let rows: usize = restored.rows.values().sum();
            println!(
                "restored council {} ({}): {rows} rows, {} files{}",
                restored.slug,
                restored.council_id,
                restored.files,
                if restored.rekeyed {
                    ", every id given anew"
                } else {
                    ""
                }
            );
            println!(
                "members: {} accounts linked by email, {} created (they set a password with \"forgot password\")",
                restored.linked_accounts, restored.created_accounts
            );
            for hook in &restored.webhooks {
                println!(
                    "webhook {} ({}): new signing secret {}",
                    hook.url, hook.id, hook.secret
                );
            }
            Ok(())
        }
        Command::Audit(command) => audit(&settings, command).await,
    }
}

async fn audit(settings: &Settings, command: AuditCommand) -> anyhow::Result<()> {
    let keys = crate::keys::Keys::from_settings(settings)?;
    if let AuditCommand::PublicKey = command {
        println!("{}", crate::audit::checkpoint::public_key_hex(&keys));
        return Ok(());
    }
    let conn = db::connect(settings).await?;
    match command {
        AuditCommand::PublicKey => Ok(()),
        AuditCommand::Checkpoint { out } => {
            let checkpoint =
                crate::audit::checkpoint::take(&conn, &keys, settings.clock.now()).await?;
            let json = serde_json::to_string_pretty(&checkpoint)?;
            match out {
                Some(path) => {
                    use std::io::Write;
                    let mut file = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&path)?;
                    file.write_all(json.as_bytes())?;
                    println!(
                        "wrote a checkpoint of {} chain(s) to {}",
                        checkpoint.chains.len(),
                        path.display()
                    );
                }
                None => println!("{json}"),
            }
            Ok(())
        }
        AuditCommand::Verify {
            council,
            checkpoint,
        } => {
            let checkpoint = match checkpoint {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)?;
                    let checkpoint: crate::audit::checkpoint::Checkpoint =
                        serde_json::from_str(&text).map_err(|e| {
                            anyhow::anyhow!("{} is not a checkpoint: {e}", path.display())
                        })?;
                    if let Err(why) = crate::audit::checkpoint::check_signature(&checkpoint, &keys)
                    {
                        anyhow::bail!("checkpoint refused: {why}");
                    }
                    Some(checkpoint)
                }
                None => None,
            };
            let council = match council {
                Some(slug) => Some(
                    crate::tenancy::store::resolve(&conn, &settings.clock, &slug)
                        .await?
                        .id(),
                ),
                None => None,
            };
            let reports = crate::audit::verify(&conn, council, &keys).await?;
            let labels = crate::audit::chain::labels(&conn).await?;
            let mut broken = 0;
            for report in &reports {
                let name = labels.get(&report.chain).unwrap_or(&report.chain);
                let anchored = report
                    .anchored_at
                    .map(|seq| format!(" after entry {seq} (pruned)"))
                    .unwrap_or_default();
                match &report.broken {
                    None => println!("{name}: {} entries{anchored}, intact", report.entries),
                    Some((seq, why)) => {
                        broken += 1;
                        println!(
                            "{name}: {} entries{anchored}, BROKEN at entry {seq}: {why}",
                            report.entries
                        );
                    }
                }
            }
            if reports.is_empty() {
                println!("the audit log is empty");
            }
            let mut lost = 0;
            if let Some(mut checkpoint) = checkpoint {
                if let Some(id) = council {
                    checkpoint.chains.retain(|c| c.chain == id.to_string());
                }
                let problems =
                    crate::audit::checkpoint::compare(&conn, &checkpoint, &reports).await?;
                for problem in &problems {
                    println!("CHECKPOINT: {problem}");
                }
                lost = problems.len();
                if lost == 0 {
                    println!(
                        "checkpoint of {}: every chain it saw is still there",
                        checkpoint.created_at
                    );
                }
            }
            if broken > 0 || lost > 0 {
                anyhow::bail!(
                    "{broken} audit chain(s) broken, {lost} difference(s) from the checkpoint"
                );
            }
            Ok(())
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let database = match sqlite_file(&settings.database_url) {
        Some(file) => format!("SQLite ({})", file.display()),
        None if settings.database_url.starts_with("sqlite:") => "SQLite (in memory)".into(),
        None => "PostgreSQL".into(),
    };
    let app = Application::build(settings.clone()).await?;
    let host = settings
        .bind
        .rsplit_once(':')
        .map(|(h, _)| h.to_owned())
        .unwrap_or_else(|| "127.0.0.1".into());
    let host = if host == "0.0.0.0" || host == "[::]" {
        "localhost".to_owned()
    } else {
        host
    };
    let base = format!("http://{host}:{}", app.port());
    let mut banner = format!("Townhall is running on {database}, migrations applied.\n");
    banner += &format!("  GraphQL API:     {base}/graphql\n");
    if settings.graphiql_enabled() {
        banner += &format!("  GraphiQL:        {base}/graphql (open in a browser)\n");
    }
    banner += &format!("  REST API docs:   {base}/docs/\n");
    banner += &format!("  OpenAPI JSON:    {base}/openapi.json\n");
    banner += &format!("  Health:          {base}/healthz  {base}/readyz\n");
    banner += &match settings.storage_backend {
        crate::config::StorageBackend::Local => format!(
            "  Files:           {} (local directory)\n",
            settings.upload_dir.display()
        ),
        crate::config::StorageBackend::S3 => format!(
            "  Files:           S3 bucket {}\n",
            settings.s3_bucket.as_deref().unwrap_or_default()
        ),
    };
    banner += "First sign-in? Create a platform administrator:\n";
    banner += "  echo 'a long passphrase' | cargo run -- create-user --email you@example.gov.uk --password-stdin --platform-admin\n";
    // A closed stdout must not stop the server.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), banner.as_bytes());
    app.run_until_stopped().await?;
    Ok(())
}
