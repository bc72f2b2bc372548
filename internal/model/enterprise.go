// Package model holds the records zhuqi stores and serves, shared by the
// store, the API, the web UI and the importers.
package model

import "time"

// Scale is an enterprise's size class (企业规模, per 统计上大中小微型企业划分办法).
type Scale string

// Scales of an enterprise.
const (
	ScaleLarge  Scale = "large"  // 大型
	ScaleMedium Scale = "medium" // 中型
	ScaleSmall  Scale = "small"  // 小型
	ScaleMicro  Scale = "micro"  // 微型
)

// Scales lists every scale in display order.
var Scales = []Scale{ScaleLarge, ScaleMedium, ScaleSmall, ScaleMicro}

var scaleNames = map[Scale]string{ScaleLarge: "大型", ScaleMedium: "中型", ScaleSmall: "小型", ScaleMicro: "微型"}

// Label is the Chinese name of the scale.
func (s Scale) Label() string { return scaleNames[s] }

// ParseScale accepts a code ("small") or a Chinese label ("小型", "小").
func ParseScale(v string) (Scale, bool) {
	for _, s := range Scales {
		l := scaleNames[s]
		if v == string(s) || v == l || v == string([]rune(l)[:1]) {
			return s, true
		}
	}
	return "", false
}

// Ownership is an enterprise's registration type (所有制/登记注册类型), simplified.
type Ownership string

// Ownership types.
const (
	OwnershipPrivate    Ownership = "private"    // 民营
	OwnershipState      Ownership = "state"      // 国有
	OwnershipCollective Ownership = "collective" // 集体
	OwnershipForeign    Ownership = "foreign"    // 外资
	OwnershipHKMT       Ownership = "hkmt"       // 港澳台
	OwnershipOther      Ownership = "other"      // 其他
)

// Ownerships lists every ownership type in display order.
var Ownerships = []Ownership{OwnershipPrivate, OwnershipState, OwnershipCollective, OwnershipForeign, OwnershipHKMT, OwnershipOther}

var ownershipNames = map[Ownership]string{
	OwnershipPrivate: "民营", OwnershipState: "国有", OwnershipCollective: "集体",
	OwnershipForeign: "外资", OwnershipHKMT: "港澳台", OwnershipOther: "其他",
}

// Label is the Chinese name of the ownership type.
func (o Ownership) Label() string { return ownershipNames[o] }

// ParseOwnership accepts a code ("private") or a Chinese label ("民营").
func ParseOwnership(v string) (Ownership, bool) {
	for _, o := range Ownerships {
		if v == string(o) || v == ownershipNames[o] {
			return o, true
		}
	}
	return "", false
}

// Contact is a person to reach at an enterprise.
type Contact struct {
	Name  string `json:"name"`
	Title string `json:"title,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Enterprise is one entry of the enterprise registry (企业库).
type Enterprise struct {
	ID           int64     `json:"id"`
	USCC         string    `json:"uscc"`
	Name         string    `json:"name"`
	LegalRep     string    `json:"legal_rep"`
	IndustryCode string    `json:"industry_code"`
	Scale        Scale     `json:"scale"`
	Ownership    Ownership `json:"ownership"`
	RegionCode   string    `json:"region_code"`   // the county/district the enterprise belongs to
	TownshipCode string    `json:"township_code"` // optional 乡镇/街道, below RegionCode
	Address      string    `json:"address"`
	Latitude     *float64  `json:"latitude"`
	Longitude    *float64  `json:"longitude"`
	FoundedOn    Date      `json:"founded_on"`
	Employees    int64     `json:"employees"`
	RevenueYuan  int64     `json:"revenue_yuan"` // last year's operating revenue in yuan
	Tags         []string  `json:"tags"`
	Contacts     []Contact `json:"contacts"`
	NameInitials string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// ScopeCode is the region code the enterprise is scoped by: its township when
// known, else its district.
func (e *Enterprise) ScopeCode() string {
	if e.TownshipCode != "" {
		return e.TownshipCode
	}
	return e.RegionCode
}
