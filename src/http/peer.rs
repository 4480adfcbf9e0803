//! Who is on the other end of a connection: the client's address (behind
//! a trusted reverse proxy, the one the proxy says it forwards for), and
//! whether it may read `/metrics` without an admin's token.

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
    fn metrics_are_read_from_a_named_address_only_by_the_peer_itself() {
        let peers = Peers { metrics_from: vec!["10.0.0.9".parse().unwrap()], ..Peers::default() };
        assert!(peers.reads_metrics(&request("10.0.0.9", &[])));
        assert!(!peers.reads_metrics(&request("10.0.0.8", &[("x-real-ip", "10.0.0.9")])));
    }
}
