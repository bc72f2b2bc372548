package model

// ProjectPhase is where a key project stands in its life, earliest first.
type ProjectPhase string

// Project phases in order.
const (
	PhasePlanning     ProjectPhase = "planning"     // 谋划储备
	PhaseSigned       ProjectPhase = "signed"       // 已签约
	PhasePreparing    ProjectPhase = "preparing"    // 前期手续办理
	PhaseConstruction ProjectPhase = "construction" // 在建
	PhaseOperating    ProjectPhase = "operating"    // 建成投产
)

// ProjectPhases lists the phases in order.
var ProjectPhases = []ProjectPhase{PhasePlanning, PhaseSigned, PhasePreparing, PhaseConstruction, PhaseOperating}

var phaseNames = map[ProjectPhase]string{
	PhasePlanning: "谋划储备", PhaseSigned: "已签约", PhasePreparing: "前期手续办理",
	PhaseConstruction: "在建", PhaseOperating: "建成投产",
}

// Label is the phase's Chinese name; "" for an unknown phase.
func (p ProjectPhase) Label() string { return phaseNames[p] }

// Valid reports whether p is a known phase.
func (p ProjectPhase) Valid() bool { _, ok := phaseNames[p]; return ok }

// order is the phase's position in ProjectPhases; -1 if unknown.
func (p ProjectPhase) order() int {
	for i, q := range ProjectPhases {
		if p == q {
			return i
		}
	}
	return -1
}

// Before reports whether p comes earlier in a project's life than q.
func (p ProjectPhase) Before(q ProjectPhase) bool { return p.order() < q.order() }

// Ledger is one of the six key-project ledgers (台账).
type Ledger string

// The six ledgers. LedgerUnstarted is never stored as a membership: a
// project is on it when its phase and dates say so (see package batches).
const (
	LedgerProvince  Ledger = "province"      // 省重点项目
	LedgerCity      Ledger = "city"          // 市重点项目
	LedgerDistrict  Ledger = "district"      // 区重点项目
	LedgerBatches   Ledger = "three_batches" // 三个一批项目
	LedgerUnstarted Ledger = "unstarted"     // 未开工项目
	LedgerPriority  Ledger = "priority"      // 重点推进项目
)

// Ledgers lists the ledgers in display order.
var Ledgers = []Ledger{LedgerProvince, LedgerCity, LedgerDistrict, LedgerBatches, LedgerUnstarted, LedgerPriority}

var ledgerNames = map[Ledger]string{
	LedgerProvince: "省重点项目", LedgerCity: "市重点项目", LedgerDistrict: "区重点项目",
	LedgerBatches: "三个一批项目", LedgerUnstarted: "未开工项目", LedgerPriority: "重点推进项目",
}

// Label is the ledger's Chinese name; "" for an unknown ledger.
func (l Ledger) Label() string { return ledgerNames[l] }

// Valid reports whether l is a known ledger.
func (l Ledger) Valid() bool { _, ok := ledgerNames[l]; return ok }

// Derived reports whether membership of l follows from a project's facts
// instead of being recorded.
func (l Ledger) Derived() bool { return l == LedgerUnstarted }

// AboveDistrict reports whether l is kept for a government above the
// district (省、市重点项目), which decides who hears of a red light.
func (l Ledger) AboveDistrict() bool { return l == LedgerProvince || l == LedgerCity }
