// Package service is the facade over zhuqi's rules. It wires the rule
// packages — cases, enterprises, network and org, each given the
// sub-services it depends on — on one store and one clock, and embeds
// them, so the web, the CLI, the demo and the tests call svc.CreateCase,
// svc.RecordVisit … on one value. The JSON API, the web UI and the CLI all
// call it, so a rule is written once; handlers stay thin, SQL stays in the
// store. Read models that span domains live here.
package service

import (
	"context"
	"io"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/cases"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/service/enterprises"
	"github.com/zhuqi-gov/zhuqi/internal/service/network"
	"github.com/zhuqi-gov/zhuqi/internal/service/org"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// The rule packages, as the facade embeds them (named so that the
// embedded fields hide none of their methods, such as Cases and
// Enterprises).
type (
	Casework = cases.Service       // cases, workflow, categories, calendar, warning clock, webhooks
	Registry = enterprises.Service // the enterprise registry
	Network  = network.Service     // commissioners, plans, visits, events, campaigns, teams' enterprises
	Org      = org.Service         // regions, departments, teams, users, tags, sign-in
)

// Service is the application core over one store.
type Service struct {
	*core.Clock // Now and Base, shared with every rule package
	*Casework
	*Registry
	*Network
	*Org

	store *store.Store // for the read models that span domains; callers never see it
}

// Ping checks that the database answers (the readiness probe).
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// HasReplica reports whether lists and reports may be read from a replica.
func (s *Service) HasReplica() bool { return s.store.ReplicaStatus().Configured }

// ReplicaStatus is the replica's state, for /metrics and the administrator.
func (s *Service) ReplicaStatus() store.ReplicaStatus { return s.store.ReplicaStatus() }

// New returns a service using the wall clock.
func New(s *store.Store) *Service {
	clock := &core.Clock{Now: time.Now}
	s.SetClock(func() time.Time { return clock.Now() })
	svc := &Service{Clock: clock, store: s,
		Casework: cases.New(clock, s), Registry: enterprises.New(clock, s), Org: org.New(clock, s)}
	svc.Network = network.New(clock, s, svc.Casework, svc.Registry)
	return svc
}

// Shanghai is the business time zone: calendar.Shanghai, named here for
// the service's callers.
var Shanghai = calendar.Shanghai

// Error is fault.Error, the errors the service gives its users; the
// names below stay for the service's callers.
type Error = fault.Error

// Invalid reports bad input in one field (fault.Invalid).
func Invalid(field, message string) *Error { return fault.Invalid(field, message) }

// Forbidden reports that the role may not do what was asked (fault.Forbidden).
func Forbidden() *Error { return fault.Forbidden() }

// NotFound reports a missing record, or one outside the user's scope (fault.NotFound).
func NotFound(what string) *Error { return fault.NotFound(what) }

// AsError maps err to an *Error when it is of a known kind, else nil (fault.As).
func AsError(err error, what string) *Error { return fault.As(err, what) }

// The inputs and results of the rule packages, under the names the
// service's callers know.
type (
	CaseInput        = cases.Input
	AssignInput      = cases.AssignInput
	RateInput        = cases.RateInput
	ExtensionInput   = cases.ExtensionInput
	DecideInput      = cases.DecideInput
	CategoryInput    = cases.CategoryInput
	WebhookInput     = cases.WebhookInput
	CreatedWebhook   = cases.CreatedWebhook
	CaseImportReport = cases.ImportReport
	CalendarImport   = cases.CalendarImport

	EnterpriseInput = enterprises.Input
	EnterprisePatch = enterprises.Patch
	ImportReport    = enterprises.ImportReport
	RejectedCell    = core.RejectedCell

	CommissionerInput = network.CommissionerInput
	VisitInput        = network.VisitInput
	ProblemInput      = network.ProblemInput
	CampaignInput     = network.CampaignInput
	EventInput        = network.EventInput
	ConsultationInput = network.ConsultationInput
	GuidanceInput     = network.GuidanceInput
	EventResult       = network.EventResult
	PlanInput         = network.PlanInput
	ServeInput        = network.ServeInput
	TeamDetail        = network.TeamDetail
	Proposal          = network.Proposal
	ProposalItem      = network.ProposalItem
	BulkItem          = network.BulkItem
	BulkAssignInput   = network.BulkAssignInput
	BulkResult        = network.BulkResult
	RowReport         = network.RowReport

	DepartmentInput = org.DepartmentInput
	TeamInput       = org.TeamInput
	UserInput       = org.UserInput
	Session         = org.Session
)

// Limits and settings of the rule packages.
const (
	MaxImportBytes        = core.MaxImportBytes
	MaxAttachmentsPerCase = cases.MaxAttachmentsPerCase
	RatingWindow          = cases.RatingWindow
	MaxVisitProblems      = network.MaxVisitProblems
	MaxBulkAssign         = network.MaxBulkAssign
	CapSetting            = network.CapSetting
	DefaultCap            = network.DefaultCap
	MinPasswordLength     = org.MinPasswordLength
	TokenPrefix           = org.TokenPrefix
	SessionLifetime       = org.SessionLifetime
	MaxLoginFailures      = org.MaxLoginFailures
	LoginLockout          = org.LoginLockout
)

// PrincipalOf builds the principal a user acts as.
func PrincipalOf(u *model.User) *access.Principal { return org.PrincipalOf(u) }

// HashPassword hashes a password with argon2id into a PHC string.
func HashPassword(password string) (string, error) { return org.HashPassword(password) }

// TokenHash is how session and API tokens are stored: never in clear.
func TokenHash(token string) string { return org.TokenHash(token) }

// Sign is the signature of a json webhook body (see cases.Sign).
func Sign(secret string, ts int64, body []byte) string { return cases.Sign(secret, ts, body) }

// IllegalTransition reports a step the case's state does not allow (409).
func IllegalTransition(c *model.Case, label string) *Error { return cases.IllegalTransition(c, label) }

// CheckPassword reports whether password matches a stored hash.
func CheckPassword(hash, password string) bool { return org.CheckPassword(hash, password) }

// PlanPeriod returns the first and last day of the week (Monday to Sunday)
// or the calendar month containing d.
func PlanPeriod(period string, d model.Date) (model.Date, model.Date, bool) {
	return network.PlanPeriod(period, d)
}

// WriteEnterprisesXLSX writes enterprises as the registry's XLSX ledger.
func WriteEnterprisesXLSX(w io.Writer, list []*model.Enterprise) error {
	return enterprises.WriteXLSX(w, list)
}

// CaseScope is what p may see of cases.
func CaseScope(p *access.Principal) store.CaseScope { return cases.Scope(p) }
