use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = townhall::cli::Cli::parse();
    match townhall::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
