//! Security headers on every answer: a content security policy without
//! inline script (or style) and without framing, no MIME sniffing, no
//! referrer leaving the site.

use actix_web::middleware::DefaultHeaders;

/// The content security policy of every answer.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
                       frame-ancestors 'none'";

/// The security headers every answer carries, with their values.
pub const SECURITY: [(&str, &str); 5] = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
];

/// The middleware adding the headers (an answer that sets one keeps its own).
pub fn security() -> DefaultHeaders {
    SECURITY.into_iter().fold(DefaultHeaders::new(), |headers, header| headers.add(header))
}
