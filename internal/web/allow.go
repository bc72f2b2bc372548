package web

import (
	"slices"

	"github.com/zhuqi-gov/zhuqi/internal/access"
)

// A Rule says whether a principal may call a route; p is nil for an
// anonymous caller. The route table's middleware checks it before the
// handler runs (401 for anonymous callers, 403 for the roles it refuses),
// and the OpenAPI document lists the roles it lets in. It is the outer
// gate: the service checks again, record by record (a case the user does
// not take part in, an enterprise outside the region).
type Rule func(p *access.Principal) bool

// public lets anyone in, signed in or not.
func public(*access.Principal) bool { return true }

// signedIn lets in every signed-in user.
func signedIn(p *access.Principal) bool { return p != nil }

// can lets in the roles granted action a.
func can(a access.Action) Rule {
	return func(p *access.Principal) bool { return p.Can(a) }
}

// roles lets in the listed roles.
func roles(rs ...access.Role) Rule {
	return func(p *access.Principal) bool { return p != nil && slices.Contains(rs, p.Role) }
}

// anyOf lets in whoever one of the rules lets in.
func anyOf(rules ...Rule) Rule {
	return func(p *access.Principal) bool {
		for _, r := range rules {
			if r(p) {
				return true
			}
		}
		return false
	}
}

// allowedRoles are the roles a rule lets in, in display order.
func allowedRoles(rule Rule) []access.Role {
	var out []access.Role
	for _, r := range access.Roles {
		if rule(&access.Principal{Role: r}) {
			out = append(out, r)
		}
	}
	return out
}

// Rules several routes share.
var (
	officeOrLeaders   = anyOf(can(access.ManageCases), roles(access.Leader))
	registrars        = can(access.WriteEnterprises) // register and change any enterprise
	enterpriseEditors = anyOf(registrars, can(access.EditOwnEnterprise))
	visitors          = anyOf(roles(access.Commissioner), can(access.ManageCases)) // record visits
	visitReaders      = roles(access.Admin, access.Coordinator, access.Leader, access.Commissioner, access.Enterprise)
	planReaders       = anyOf(roles(access.Commissioner, access.Leader), can(access.ManageCases))
)
