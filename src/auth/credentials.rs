//! Password hashes (argon2id) in a store beside the log, never in it: a
//! changed password leaves no old hash behind. Hashing and verifying run on
//! the blocking pool, off the request threads.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chacha20poly1305::aead::OsRng;
use uuid::Uuid;

/// How many password hashes are computed at once.
pub const HASHING_AT_ONCE: usize = 2;

/// The permits to hash: memory stays flat under a flood of sign-ins.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASHING_AT_ONCE);

/// The longest username looked up; a longer one is refused before hashing.
pub const MAX_USERNAME_BYTES: usize = 200;
/// The longest password hashed; a longer one is refused before hashing.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

/// A hash of a random password, made once, to verify unknown users against.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(super::secret::fresh().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// The store: user id → PHC string, beside the log.
#[derive(Clone)]
pub struct Credentials {
    tree: std::sync::Arc<dyn crate::log::SideStore>,
}

impl Credentials {
    /// The store in `tree`.
    pub fn new(tree: std::sync::Arc<dyn crate::log::SideStore>) -> Self {
        Self { tree }
    }

    /// Sets a user's password (durably); its length is checked by the
    /// caller (`App::set_password`, `App::create_user`).
    pub async fn set(&self, user: Uuid, password: &str) -> Result<(), String> {
        let phc = Self::hash(password).await?;
        self.set_hash(user, &phc).await
    }

    /// A PHC hash of `password`, for [`Self::set_hash`] (the demo hashes
    /// its one known password once for all its users).
    pub async fn hash(password: &str) -> Result<String, String> {
        let _permit = HASHING.acquire().await.map_err(|e| format!("hashing failed: {e}"))?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await
        .map_err(|e| format!("hashing failed: {e}"))?
        .map_err(|e| format!("hashing failed: {e}"))
    }

    /// Stores a hash made by [`Self::hash`] as a user's password.
    pub async fn set_hash(&self, user: Uuid, phc: &str) -> Result<(), String> {
        self.tree.put(user.as_bytes(), phc.as_bytes()).await
    }

    /// Whether `password` is the user's. A user without a password never
    /// matches; the work is the same either way, so timing tells nothing.
    pub async fn verify(&self, user: Option<Uuid>, password: &str) -> bool {
        // Argon2 takes ~19 MiB and tens of milliseconds per check: a few at
        // a time, whatever the number of simultaneous sign-ins.
        let Ok(_permit) = HASHING.acquire().await else { return false };
        let stored = user
            .and_then(|u| self.tree.get(u.as_bytes()).ok().flatten())
            .map(|v| String::from_utf8_lossy(&v).into_owned());
        let known = stored.is_some();
        let password = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || {
            // An unknown user is checked against a decoy hash, so it costs as
            // much as a wrong password.
            let phc = stored.unwrap_or_else(|| decoy().to_owned());
            PasswordHash::new(&phc)
                .is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
        })
        .await
        .unwrap_or(false);
        ok && known
    }
}
