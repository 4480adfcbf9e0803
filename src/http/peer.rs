//! Who is on the other end of a connection: the client's address (behind
//! a trusted reverse proxy, the one the proxy says it forwards for), the
//! address the client used to reach us (scheme and host: from a trusted
//! proxy's `Forwarded` / `X-Forwarded-*`, otherwise from the request
//! itself), and whether it may read `/metrics` without an admin's token.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// What the server is told about the network around it.
#[derive(Clone, Debug, Default)]
pub struct Peers {
    /// Addresses that read `/metrics` without signing in (a Prometheus
    /// scraper); anyone else needs an admin's token.
    pub metrics_from: Vec<IpAddr>,
    /// Reverse proxies whose `X-Real-IP` (or last `X-Forwarded-For` entry)
    /// names the client; from any other peer these headers are ignored.
    pub trusted_proxies: Vec<IpAddr>,
    /// The hash of the key in the data directory's control file, which
    /// commands on the server's machine present (`uzel backup`).
    pub control: Option<[u8; 32]>,
}

impl Peers {
    /// The address of the client behind `req` (for sign-in throttling).
    pub fn client(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
        let real = header("x-real-ip").and_then(|v| v.trim().parse().ok());
        let forwarded =
            || header("x-forwarded-for").and_then(|v| v.rsplit(',').next()).and_then(|v| v.trim().parse().ok());
        Some(real.or_else(forwarded).unwrap_or(peer))
    }

    /// The scheme and host the client reached the server by, for the links
    /// the server writes (feeds, calendar links) and the same-origin checks
    /// of forms and sockets. Only a trusted proxy's forwarding headers
    /// count: anyone else could name any host.
    pub fn origin(&self, req: &HttpRequest) -> Origin {
        if req.peer_addr().is_some_and(|a| self.trusted_proxies.contains(&a.ip())) {
            let info = req.connection_info();
            return Origin { scheme: info.scheme().to_owned(), host: info.host().to_owned() };
        }
        let host = req
            .headers()
            .get(actix_web::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
            .or_else(|| req.uri().authority().map(|a| a.to_string()))
            .unwrap_or_else(|| req.app_config().host().to_owned());
        let scheme = if req.app_config().secure() { "https" } else { "http" };
        Origin { scheme: scheme.to_owned(), host }
    }

    /// Whether `key` is the control file's key.
    pub fn is_control_key(&self, key: &str) -> bool {
        self.control.is_some_and(|hash| hash == crate::auth::secret::hash(key))
    }

    /// Whether the connection of `req` comes from an address allowed to
    /// read the metrics (the peer itself: a proxy's say does not count).
    pub fn reads_metrics(&self, req: &HttpRequest) -> bool {
        req.peer_addr().is_some_and(|a| self.metrics_from.contains(&a.ip()))
    }
}

/// The scheme and host a client reached the server by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// `http` or `https`.
    pub scheme: String,
    /// The host, with its port if not the scheme's own.
    pub host: String,
}

impl Origin {
    /// `scheme://host`, the base of an absolute link.
    pub fn base(&self) -> String {
        format!("{}://{}", self.scheme, self.host)
    }
}

/// The origin of `req` as the server's [`Peers`] judge it (a request
/// outside a server — a test's — trusts no proxy).
pub fn origin(req: &HttpRequest) -> Origin {
    match req.app_data::<actix_web::web::Data<crate::app::App>>() {
        Some(app) => app.peers.origin(req),
        None => Peers::default().origin(req),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn request(peer: &str, headers: &[(&str, &str)]) -> HttpRequest {
        let mut request = TestRequest::default().peer_addr(format!("{peer}:40000").parse().unwrap());
        for header in headers {
            request = request.insert_header(*header);
        }
        request.to_http_request()
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let peers = Peers { trusted_proxies: vec!["10.0.0.1".parse().unwrap()], ..Peers::default() };
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        let forwarded = [("x-forwarded-for", "198.51.100.7, 203.0.113.9")];
        assert_eq!(peers.client(&request("10.0.0.1", &forwarded)), ip("203.0.113.9"), "the entry the proxy added");
        let real = [("x-real-ip", "203.0.113.5"), ("x-forwarded-for", "198.51.100.7")];
        assert_eq!(peers.client(&request("10.0.0.1", &real)), ip("203.0.113.5"));
        assert_eq!(peers.client(&request("10.0.0.1", &[("x-real-ip", "junk")])), ip("10.0.0.1"));
        assert_eq!(peers.client(&request("192.0.2.4", &real)), ip("192.0.2.4"), "anyone else's headers are ignored");
    }

    #[test]
    fn only_a_trusted_proxy_names_the_host_and_scheme() {
        let peers = Peers { trusted_proxies: vec!["10.0.0.1".parse().unwrap()], ..Peers::default() };
        let headers = [("host", "uzel.example"), ("x-forwarded-host", "evil.example"), ("x-forwarded-proto", "https")];
        let origin = |peer: &str| peers.origin(&request(peer, &headers));
        assert_eq!(origin("10.0.0.1").base(), "https://evil.example", "the proxy's say counts");
        assert_eq!(origin("192.0.2.4").base(), "http://uzel.example", "anyone else's is ignored");
        let forwarded = [("host", "uzel.example"), ("forwarded", "host=evil.example;proto=https")];
        assert_eq!(peers.origin(&request("192.0.2.4", &forwarded)).base(), "http://uzel.example");
    }

    #[test]
    fn metrics_are_read_from_a_named_address_only_by_the_peer_itself() {
        let peers = Peers { metrics_from: vec!["10.0.0.9".parse().unwrap()], ..Peers::default() };
        assert!(peers.reads_metrics(&request("10.0.0.9", &[])));
        assert!(!peers.reads_metrics(&request("10.0.0.8", &[("x-real-ip", "10.0.0.9")])));
    }
}
