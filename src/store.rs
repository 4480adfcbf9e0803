//! Where uzel keeps its log and the stores beside it: a data directory
//! (the embedded sled log, the default) or a PostgreSQL database that
//! several nodes share. Every command that opens the data takes either
//! `--data DIR` or `--store postgres://…` (`UZEL_DATA`, `UZEL_STORE`).

use std::path::PathBuf;

use clap::Args;

use crate::log::is_postgres_url;

/// Where the data is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Store {
    /// A data directory (sled).
    Dir(PathBuf),
    /// A PostgreSQL database, by its address.
    Postgres(String),
}

impl Store {
    /// How to name it in messages: the directory, or the database's address
    /// without its password.
    pub fn describe(&self) -> String {
        match self {
            Store::Dir(dir) => dir.display().to_string(),
            Store::Postgres(url) => redact(url),
        }
    }
}

/// `url` with any password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// `--data DIR` or `--store postgres://…`, exactly one.
#[derive(Clone, Debug, Args)]
#[group(required = true, multiple = false)]
pub struct StoreArg {
    /// The data directory (the embedded log; created if missing).
    #[arg(long, env = "UZEL_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// A PostgreSQL database instead of a directory, shared by every node
    /// that names it: postgres://user:password@host/db, or a unix socket
    /// as postgres://user@/db?host=/run/postgresql.
    #[arg(long, env = "UZEL_STORE", value_name = "postgres://…")]
    pub store: Option<String>,
}

impl StoreArg {
    /// The store named.
    pub fn store(&self) -> Result<Store, String> {
        match (&self.data, &self.store) {
            (_, Some(url)) if is_postgres_url(url) => Ok(Store::Postgres(url.clone())),
            (_, Some(other)) => Err(format!(
                "--store takes a PostgreSQL address (postgres://user@host/db), not {other:?}; a directory is --data"
            )),
            (Some(dir), None) => Ok(Store::Dir(dir.clone())),
            (None, None) => Err("give --data DIR or --store postgres://…".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_shows_in_messages() {
        assert_eq!(redact("postgres://uzel:tajne@db.example/uzel"), "postgres://uzel:***@db.example/uzel");
        assert_eq!(redact("postgres://uzel@/uzel?host=/run/postgresql"), "postgres://uzel@/uzel?host=/run/postgresql");
        let arg = StoreArg { data: None, store: Some("/srv/uzel".into()) };
        assert!(arg.store().unwrap_err().contains("--data"));
    }
}
