package lights

import "github.com/zhuqi-gov/zhuqi/internal/model"

// Recipient is who is told when a project's light turns red (分级督查).
type Recipient string

// The recipients, in the order they are listed.
const (
	LeaderInCharge  Recipient = "leader_in_charge" // 分包区领导
	Coordinator     Recipient = "coordinator"      // 牵头办公室（项目办）
	PrincipalLeader Recipient = "principal_leader" // 区（县）主要领导
)

// Label is the recipient's Chinese name.
func (r Recipient) Label() string {
	switch r {
	case LeaderInCharge:
		return "分包区领导"
	case Coordinator:
		return "牵头办公室"
	case PrincipalLeader:
		return "区主要领导"
	}
	return ""
}

// Audience returns who is told of a red light on a project kept on the
// given ledgers: on any ledger the leader in charge and the coordinating
// office; on a 市 or 省 ledger also the district's principal leader, since
// the government above holds the district to it. A project on no ledger
// is still the leader's and the office's business.
func Audience(ledgers []model.Ledger) []Recipient {
	out := []Recipient{LeaderInCharge, Coordinator}
	for _, l := range ledgers {
		if l.AboveDistrict() {
			return append(out, PrincipalLeader)
		}
	}
	return out
}
