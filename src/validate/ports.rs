//! ## What it does
//! Checks `ports` entries: Podman `PublishPort=` syntax with the host IP
//! required: `IP:HOSTPORT:CONTAINERPORT[/tcp|/udp|/sctp]`, IPv6 in brackets,
//! ports 1–65535 or ranges `a-b`; an empty host port lets podman pick one.
//! Refused too: an all-interfaces address (`0.0.0.0`, `[::]`), a host port
//! below 1024, and a host port (same address and protocol) used twice on one
//! server.
//! ## Why is this bad?
//! Without an IP, or with the unspecified one, the port listens on every
//! interface of the orchestrator, outside the tailnet; a malformed entry stops
//! the container from starting. Rootless podman cannot bind ports below 1024
//! (`net.ipv4.ip_unprivileged_port_start`), and the second container to bind
//! a taken port fails to start.
//! ## Example
//! `"8080:80"` → `"127.0.0.1:8080:80"`

use std::collections::{BTreeMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Spec;
use crate::source::Span;

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

/// A parsed publish spec: the host address, host port range (`None`: podman
/// picks one) and protocol.
#[derive(Debug, PartialEq, Eq)]
pub struct Publish<'a> {
    pub ip: IpAddr,
    pub host: Option<(u16, u16)>,
    pub proto: &'a str,
}

/// The lowest port rootless podman can bind (Linux's default
/// `net.ipv4.ip_unprivileged_port_start`).
const UNPRIVILEGED_PORT_START: u16 = 1024;

/// `Err(reason)` when `s` is not a publish spec with a host IP.
pub fn check_publish_port(s: &str) -> Result<(), &'static str> {
    parse_publish_port(s).map(|_| ())
}

/// The publish spec, or why it is refused.
pub fn parse_publish_port(s: &str) -> Result<Publish<'_>, &'static str> {
    let (ip, rest) = if let Some(v6) = s.strip_prefix('[') {
        let (ip, rest) = v6
            .split_once(']')
            .ok_or("unclosed `[` around the IPv6 address")?;
        let ip = ip.parse::<Ipv6Addr>().map_err(|_| "not an IPv6 address")?;
        (
            IpAddr::V6(ip),
            rest.strip_prefix(':')
                .ok_or("expected `:` after the IPv6 address")?,
        )
    } else {
        let (ip, rest) = s
            .split_once(':')
            .ok_or("expected IP:HOSTPORT:CONTAINERPORT")?;
        let ip = ip
            .parse::<Ipv4Addr>()
            .map_err(|_| "the host IP is missing or not an IPv4 address")?;
        (IpAddr::V4(ip), rest)
    };
    let unspecified = match ip {
        IpAddr::V4(v4) => v4.is_unspecified(),
        IpAddr::V6(v6) => {
            v6.is_unspecified() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_unspecified())
        }
    };
    if unspecified {
        return Err("this address listens on every interface of the host");
    }
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
    let mut host_range = None;
    if !host.is_empty() {
        let h = port_or_range(host).ok_or("the host port is not 1–65535 or a range")?;
        if h.1 - h.0 != c.1 - c.0 {
            return Err("host and container port ranges differ in length");
        }
        if h.0 < UNPRIVILEGED_PORT_START {
            return Err("rootless podman cannot bind a host port below 1024");
        }
        host_range = Some(h);
    }
    Ok(Publish {
        ip,
        host: host_range,
        proto: proto.unwrap_or("tcp"),
    })
}

/// Help for a refused mapping.
fn help_for(port: &str, reason: &str) -> String {
    if reason.contains("every interface") {
        "bind a specific address: `127.0.0.1`, `[::1]` or the host's tailnet IP".into()
    } else if reason.contains("below 1024") {
        "pick a host port of 1024 or more (the container port may stay low), e.g. `127.0.0.1:8080:80`".into()
    } else if check_publish_port(&format!("127.0.0.1:{port}")).is_ok() {
        format!("did you mean `127.0.0.1:{port}`? the host IP is required")
    } else {
        "e.g. `127.0.0.1:8080:80` or `[::1]:8443:443/tcp`".into()
    }
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    // Host port ranges bound so far, per orchestrator host, address and
    // protocol: disjoint, keyed by their first port → (last port, container, where).
    // Only the range starting last at or below a new range's end can overlap it,
    // so each mapping is one lookup, not a scan of all (30,000 ports).
    type Bound<'a> = BTreeMap<u16, (u16, &'a str, Span)>;
    let mut bound: BTreeMap<(&str, IpAddr, &str), Bound> = BTreeMap::new();
    for c in spec.containers.values() {
        // A set of those seen, not a rescan per mapping (quadratic in long lists).
        let mut seen = HashSet::new();
        for port in &c.ports {
            let repeated = !seen.insert(port.value.as_str());
            let parsed = parse_publish_port(&port.value);
            if let Err(reason) = parsed {
                let help = help_for(&port.value, reason);
                let message = if reason.contains("every interface") {
                    format!(
                        "`{}` publishes on every interface",
                        port.value.escape_debug()
                    )
                } else {
                    format!(
                        "`{}` is not a valid port mapping",
                        port.value.escape_debug()
                    )
                };
                diags.push(super::invalid(
                    "spec::port",
                    message,
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
            } else if let Ok(Publish {
                ip,
                host: Some(range),
                proto,
            }) = parsed
            {
                let on_host = bound
                    .entry((c.server.value.as_str(), ip, proto))
                    .or_default();
                let clash = on_host
                    .range(..=range.1)
                    .next_back()
                    .filter(|(_, (last, _, _))| *last >= range.0)
                    .map(|(_, (_, other, first))| (*other, *first));
                if let Some((other, first)) = clash {
                    diags.push(
                        Diagnostic::error(
                            "spec::port",
                            format!(
                                "host port of `{}` is already bound on server `{}`",
                                port.value, c.server.value
                            ),
                        )
                        .with_label(port.span, "bound again here")
                        .with_label(first, format!("first bound here (container `{other}`)"))
                        .with_help(
                            "each host port (address and protocol) can be published once per server",
                        ),
                    );
                } else {
                    on_host.insert(range.0, (range.1, c.name.value.as_str(), port.span));
                }
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

    #[test]
    fn all_interfaces_and_privileged_ports() {
        for every in [
            "0.0.0.0:8080:80",
            "[::]:8080:80",
            "[::0]:8080:80",
            "[::ffff:0.0.0.0]:8080:80",
        ] {
            assert_eq!(
                p(every),
                Err("this address listens on every interface of the host"),
                "{every}"
            );
        }
        assert!(p("127.0.0.1:80:80").is_err());
        assert!(p("127.0.0.1:1023:80").is_err());
        assert!(p("127.0.0.1:1000-1030:1000-1030").is_err());
        assert!(p("127.0.0.1:1024:80").is_ok());
        assert!(p("127.0.0.1::80").is_ok());
    }
}
