//! `uzel admin …`: accounts and roles on a data directory no server holds
//! (with a server running, admins use `/api/v1/users`). Passwords are read
//! from standard input, never from the command line, where other users of
//! the machine could see them.

use std::io::BufRead;

use clap::{Args, Subcommand, ValueEnum};
use uuid::Uuid;

use crate::app::{App, Meta};
use crate::domain::ids::Slug;
use crate::domain::user::{Grant, UserCommand};
use crate::server;
use crate::store::Store;

/// What `uzel admin` does.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account; the password is read from standard input.
    CreateUser {
        #[command(flatten)]
        data: DataArg,
        /// 3 to 64 lowercase letters, digits, `.`, `_`, `-`.
        #[arg(long)]
        username: String,
        /// The name shown.
        #[arg(long, default_value = "")]
        display_name: String,
    },
    /// Grant a role.
    Grant(GrantArgs),
    /// Take a role back.
    Revoke(GrantArgs),
    /// Set a new password, read from standard input; the user's sessions end.
    ResetPassword {
        #[command(flatten)]
        data: DataArg,
        /// Whose.
        #[arg(long)]
        username: String,
    },
}

/// Where the data is: a directory no server holds, or a PostgreSQL
/// database (servers may run on it meanwhile).
#[derive(Debug, Args)]
pub struct DataArg {
    #[command(flatten)]
    store: crate::store::StoreArg,
}

/// A role.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Role {
    /// Runs the server.
    Admin,
    /// Everything in one network (`--network`).
    Coordinator,
    /// Designated fields through shared filters (`--network`).
    CaseManager,
    /// One actor's entry (`--network`, `--actor`).
    Actor,
    /// One platform (`--network`, `--platform`).
    PlatformMember,
    /// Every network of a region (`--region`).
    RegionalCoordinator,
}

/// Whose role, which, and bound to what.
#[derive(Debug, Args)]
pub struct GrantArgs {
    #[command(flatten)]
    data: DataArg,
    /// Whose role.
    #[arg(long)]
    username: String,
    /// The role.
    #[arg(long, value_enum)]
    role: Role,
    /// The network's slug (network roles).
    #[arg(long)]
    network: Option<String>,
    /// The actor's id (`actor`).
    #[arg(long)]
    actor: Option<String>,
    /// The platform's id (`platform-member`).
    #[arg(long)]
    platform: Option<String>,
    /// The region's slug (`regional-coordinator`).
    #[arg(long)]
    region: Option<String>,
}

impl GrantArgs {
    fn grant(&self) -> Result<Grant, String> {
        let need = |value: &Option<String>, flag: &str| {
            value.clone().ok_or_else(|| format!("--role {:?} needs --{flag}", self.role))
        };
        let network = || need(&self.network, "network").and_then(|n| Slug::parse(&n));
        let id = |value: &Option<String>, flag: &str| {
            let text = need(value, flag)?;
            Uuid::parse_str(&text).map_err(|_| format!("--{flag} {text:?} is not an id (a UUID)"))
        };
        Ok(match self.role {
            Role::Admin => Grant::Admin,
            Role::Coordinator => Grant::Coordinator { network: network()? },
            Role::CaseManager => Grant::CaseManager { network: network()? },
            Role::Actor => Grant::Actor { network: network()?, actor: id(&self.actor, "actor")? },
            Role::PlatformMember => {
                Grant::PlatformMember { network: network()?, platform: id(&self.platform, "platform")? }
            }
            Role::RegionalCoordinator => {
                Grant::RegionalCoordinator { region: Slug::parse(&need(&self.region, "region")?)? }
            }
        })
    }
}

fn read_password() -> Result<String, String> {
    eprintln!("password (read from standard input, at least 8 characters):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("cannot read the password: {e}"))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err("no password on standard input; pipe it in, e.g. `… < password.txt`".into());
    }
    Ok(password)
}

/// Runs `work` on the application over `store` (a directory must hold uzel
/// data), then closes the log so a directory is free.
pub(super) fn on_store<T>(store: &Store, work: impl AsyncFnOnce(&App) -> Result<T, String>) -> Result<T, String> {
    if let Store::Dir(data) = store
        && !data.join("db").exists()
        && !data.read_dir().map(|mut d| d.next().is_none()).unwrap_or(true)
    {
        return Err(format!("{} holds no uzel data; give the server's --data directory", data.display()));
    }
    actix_web::rt::System::new().block_on(async move {
        let app = server::open_store(store).await.map_err(|e| e.to_string())?;
        let result = work(&app).await;
        app.shut_down().await.map_err(|e| e.to_string())?;
        // The last handle of the directory: it is released here, before
        // the command says it is done.
        drop(app);
        result
    })
}

fn meta() -> Meta {
    Meta { author: "system:cli".into(), ..Meta::default() }
}

fn find(app: &App, username: &str) -> Result<Uuid, String> {
    app.user_named(username).ok_or_else(|| format!("no user is called {username:?}"))
}

/// Grants (or revokes) the role `args` name.
fn change(args: &GrantArgs, grant: bool) -> Result<(), String> {
    let role = args.grant()?;
    on_store(&args.data.store.store()?, async |app| {
        let user = find(app, &args.username)?;
        let command = if grant {
            UserCommand::Grant { grant: role.clone() }
        } else {
            UserCommand::Revoke { grant: role.clone() }
        };
        app.user(user, command, &meta()).await.map_err(|e| e.to_string())?;
        println!("{}: {} {role}", args.username, if grant { "granted" } else { "revoked" });
        Ok(())
    })
}

/// Runs an admin command.
pub fn run(command: AdminCommand) -> Result<(), String> {
    match command {
        AdminCommand::CreateUser { data, username, display_name } => {
            let password = read_password()?;
            on_store(&data.store.store()?, async |app| {
                let id = Uuid::now_v7();
                app.create_user(id, &username, &display_name, &password, &meta()).await.map_err(|e| e.to_string())?;
                println!("created user {username} ({id}); grant a role with `uzel admin grant`");
                Ok(())
            })
        }
        AdminCommand::Grant(args) => change(&args, true),
        AdminCommand::Revoke(args) => change(&args, false),
        AdminCommand::ResetPassword { data, username } => {
            let password = read_password()?;
            on_store(&data.store.store()?, async |app| {
                let user = find(app, &username)?;
                app.set_password(user, &password, &meta()).await.map_err(|e| e.to_string())?;
                println!("{username}: password reset; their sessions have ended");
                Ok(())
            })
        }
    }
}
