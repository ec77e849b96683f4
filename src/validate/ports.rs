//! ## What it does
//! Checks `ports` entries: Podman `PublishPort=` syntax with the host IP
//! required: `IP:HOSTPORT:CONTAINERPORT[/tcp|/udp|/sctp]`, IPv6 in brackets,
//! ports 1–65535 or ranges `a-b`; an empty host port lets podman pick one.
//! ## Why is this bad?
//! Without an IP the port listens on every interface of the orchestrator,
//! outside the tailnet; a malformed entry stops the container from starting.
//! ## Example
//! `"8080:80"` → `"127.0.0.1:8080:80"`

use std::collections::HashSet;

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

fn port_or_range(s: &str) -> Option<(u16, u16)> {
    let one = |p: &str| {
        p.parse::<u16>()
            .ok()
            .filter(|n| *n > 0 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    match s.split_once('-') {
        Some((a, b)) => Some((one(a)?, one(b)?)).filter(|(a, b)| a <= b),
        None => one(s).map(|n| (n, n)),
    }
}

/// `Err(reason)` when `s` is not a publish spec with a host IP.
pub fn check_publish_port(s: &str) -> Result<(), &'static str> {
    let (ip, rest) = if let Some(v6) = s.strip_prefix('[') {
        let (ip, rest) = v6
            .split_once(']')
            .ok_or("unclosed `[` around the IPv6 address")?;
        ip.parse::<Ipv6Addr>().map_err(|_| "not an IPv6 address")?;
        (
            ip,
            rest.strip_prefix(':')
                .ok_or("expected `:` after the IPv6 address")?,
        )
    } else {
        let (ip, rest) = s
            .split_once(':')
            .ok_or("expected IP:HOSTPORT:CONTAINERPORT")?;
        ip.parse::<Ipv4Addr>()
            .map_err(|_| "the host IP is missing or not an IPv4 address")?;
        (ip, rest)
    };
    let _ = ip;
    let (host, container) = rest
        .split_once(':')
        .ok_or("expected IP:HOSTPORT:CONTAINERPORT")?;
    let (container, proto) = match container.split_once('/') {
        Some((c, p)) => (c, Some(p)),
        None => (container, None),
    };
    if proto.is_some_and(|p| !matches!(p, "tcp" | "udp" | "sctp")) {
        return Err("the protocol must be tcp, udp or sctp");
    }
    let c = port_or_range(container).ok_or("the container port is not 1–65535 or a range")?;
    if !host.is_empty() {
        let h = port_or_range(host).ok_or("the host port is not 1–65535 or a range")?;
        if h.1 - h.0 != c.1 - c.0 {
            return Err("host and container port ranges differ in length");
        }
    }
    Ok(())
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        // A set of those seen, not a rescan per item (quadratic in long lists).
        let mut seen = HashSet::new();
        for port in &c.ports {
            let repeated = !seen.insert(port.value.as_str());
            if let Err(reason) = check_publish_port(&port.value) {
                let help = if check_publish_port(&format!("127.0.0.1:{}", port.value)).is_ok() {
                    format!(
                        "did you mean `127.0.0.1:{}`? the host IP is required",
                        port.value
                    )
                } else {
                    "e.g. `127.0.0.1:8080:80` or `[::1]:8443:443/tcp`".into()
                };
                diags.push(super::invalid(
                    "spec::port",
                    format!(
                        "`{}` is not a valid port mapping",
                        port.value.escape_debug()
                    ),
                    port.span,
                    reason,
                    &help,
                ));
            } else if repeated {
                diags.push(super::invalid(
                    "spec::port",
                    format!("port mapping `{}` is listed twice", port.value),
                    port.span,
                    "repeated",
                    "",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_publish_port as p;

    #[test]
    fn publish_specs() {
        assert!(p("127.0.0.1:8080:80").is_ok());
        assert!(p("127.0.0.1::80").is_ok());
        assert!(p("100.64.0.1:8000-8010:9000-9010/udp").is_ok());
        assert!(p("[::1]:8443:443/tcp").is_ok());
        assert!(p("8080:80").is_err());
        assert!(p("80").is_err());
        assert!(p("127.0.0.1:8080:80/http").is_err());
        assert!(p("127.0.0.1:70000:80").is_err());
        assert!(p("127.0.0.1:8000-8001:80").is_err());
        assert!(p("[::1:8443:443").is_err());
        assert!(p("127.0.0.1:8080:+80").is_err());
    }
}
