//! Where a webhook may be sent. Receivers are chosen by admins, but a URL is still a way
//! to make the server call inside its own network: loopback, private (RFC 1918, ULA),
//! link-local (and the cloud metadata address in it), CGNAT, unspecified, multicast and
//! broadcast destinations are refused, at subscription time and again at delivery (DNS
//! can change between the two). The delivery client resolves names through
//! [`CheckedResolver`], so it connects only to an address that passed the check. Hosts
//! the operator lists in `webhooks.allow_hosts` (intranet receivers) skip the check.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use crate::error::Msg;

/// The operator's allowlist: host names or literal addresses, compared case-insensitively.
#[derive(Debug, Clone, Default)]
pub struct AllowHosts(Arc<Vec<String>>);

impl AllowHosts {
    /// From `webhooks.allow_hosts`: comma-separated hosts.
    pub fn parse(list: &str) -> AllowHosts {
        AllowHosts(Arc::new(
            list.split(',')
                .map(|h| {
                    h.trim()
                        .trim_matches(|c| c == '[' || c == ']')
                        .to_ascii_lowercase()
                })
                .filter(|h| !h.is_empty())
                .collect(),
        ))
    }

    pub fn allows(&self, host: &str) -> bool {
        let host = host
            .trim_matches(|c| c == '[' || c == ']')
            .to_ascii_lowercase();
        self.0.contains(&host)
    }
}

/// Whether an address is one a webhook may not reach.
pub fn is_forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return forbidden_v4(v4);
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (s[0] == 0x64 && s[1] == 0xff9b) // NAT64 of any IPv4
                || (s[0] == 0x2001 && s[1] == 0xdb8) // documentation
        }
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local() // 169.254/16, with the 169.254.169.254 metadata service
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || o[0] == 0 // "this network"
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // CGNAT 100.64/10
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
        || o[0] >= 240 // reserved
}

/// Checks a subscription URL: http(s), a host, and (unless allowlisted) no literal
/// address or resolved address in a forbidden range. The message is for the admin.
pub async fn check_url(raw: &str, allow: &AllowHosts) -> Result<url::Url, Msg> {
    let url = url::Url::parse(raw.trim()).map_err(|_| Msg::key("validation-webhook-url"))?;
    if url.scheme() != "https" && url.scheme() != "http" {
        return Err(Msg::key("validation-webhook-url-scheme"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Msg::key("validation-webhook-url-credentials"));
    }
    let host = url
        .host_str()
        .ok_or(Msg::key("validation-webhook-url"))?
        .to_string();
    if allow.allows(&host) {
        return Ok(url);
    }
    let port = url.port_or_known_default().unwrap_or(443);
    let addrs = resolve(&host, port)
        .await
        .map_err(|_| Msg::key("validation-webhook-url-unresolved").with("host", host.as_str()))?;
    if addrs.is_empty() || addrs.iter().any(|a| is_forbidden(a.ip())) {
        return Err(Msg::key("validation-webhook-url-internal").with("host", host.as_str()));
    }
    Ok(url)
}

async fn resolve(host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>> {
    let bare = host.trim_matches(|c| c == '[' || c == ']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    Ok(tokio::net::lookup_host((bare, port)).await?.collect())
}

/// Whether a literal-address host may be called at delivery time (reqwest does not ask
/// the resolver about literal addresses).
pub fn literal_allowed(host: &str, allow: &AllowHosts) -> bool {
    let bare = host.trim_matches(|c| c == '[' || c == ']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => allow.allows(host) || !is_forbidden(ip),
        Err(_) => true,
    }
}

/// The delivery client's resolver: answers only addresses that pass [`is_forbidden`]
/// (all of them for allowlisted hosts), so the connection goes where the check looked.
pub struct CheckedResolver {
    pub allow: AllowHosts,
}

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let allowed = self.allow.allows(&host);
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allowed || !is_forbidden(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err(format!("{host} resolves only to refused addresses").into());
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_internal_ranges_and_accepts_public_ones() -> Result<(), std::net::AddrParseError> {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            assert!(is_forbidden(bad.parse()?), "{bad}");
        }
        for good in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(!is_forbidden(good.parse()?), "{good}");
        }
        Ok(())
    }

    #[test]
    fn allowlist_matches_hosts_case_insensitively() {
        let allow = AllowHosts::parse(" CRM.intranet , 127.0.0.1,[::1]");
        assert!(allow.allows("crm.intranet"));
        assert!(allow.allows("127.0.0.1"));
        assert!(allow.allows("[::1]"));
        assert!(!allow.allows("crm.intranet.evil"));
    }
}
