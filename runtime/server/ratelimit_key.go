package server

import (
	"net/http"
	"net/netip"
	"strings"
)

// Client keys: who a bucket belongs to.
//
// The default is the address the connection came from, which a client cannot choose: a
// header such as X-Forwarded-For can say anything, so it is only trusted when a proxy the
// application controls sets it (IPKeyFromHeader). An IPv6 client is keyed by its /64
// network, not its address: one host usually holds a whole /64 and can pick a fresh
// address in it for every request, while a /64 is what ISPs give one customer.

// RemoteIPKey is the default key of a RateLimiter: the IP address of r.RemoteAddr
// without its port, an IPv6 address reduced to its /64 prefix ("2001:db8:1:2::/64") and
// an IPv4-mapped one to its IPv4 address. A RemoteAddr that is not an address (a Unix
// socket's) is used as it is.
//
// Behind a reverse proxy every request comes from the proxy's address, and so would share
// one bucket: use IPKeyFromHeader with the header the proxy sets.
func RemoteIPKey(r *http.Request) string {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ipKey(ap.Addr())
	}
	if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		return ipKey(a)
	}
	return r.RemoteAddr
}

// IPKeyFromHeader returns a key function that reads the client's address from a header
// set by a trusted reverse proxy, such as "X-Real-IP" or "X-Forwarded-For"; of a list it
// takes the last address, the one the nearest proxy added (a client can put anything
// before it). Addresses are reduced as RemoteIPKey reduces them. A request without the
// header, or whose last value is not an address, is keyed by RemoteIPKey.
//
// Use it only when every request comes through that proxy and the proxy sets the header
// (or appends to it); otherwise a client names its own key and escapes its limit.
func IPKeyFromHeader(name string) func(*http.Request) string {
	name = http.CanonicalHeaderKey(name)
	return func(r *http.Request) string {
		vs := r.Header[name]
		if len(vs) == 0 {
			return RemoteIPKey(r)
		}
		v := vs[len(vs)-1]
		if i := strings.LastIndexByte(v, ','); i >= 0 {
			v = v[i+1:]
		}
		v = strings.TrimSpace(v)
		a, err := netip.ParseAddr(v)
		if err != nil {
			ap, err2 := netip.ParseAddrPort(v)
			if err2 != nil {
				return RemoteIPKey(r)
			}
			a = ap.Addr()
		}
		return ipKey(a)
	}
}

func ipKey(a netip.Addr) string {
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(64)
	if err != nil {
		return a.String()
	}
	return p.String()
}
