package matching

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Level is the level of government that issued a policy.
type Level string

// Levels of government.
const (
	LevelNational Level = "national" // 国家
	LevelProvince Level = "province" // 省
	LevelCity     Level = "city"     // 市
	LevelDistrict Level = "district" // 区（县）
)

var levelNames = map[Level]string{LevelNational: "国家", LevelProvince: "省", LevelCity: "市", LevelDistrict: "区（县）"}

// Label is the Chinese name of the level.
func (l Level) Label() string { return levelNames[l] }

// Way is how an enterprise obtains a policy's benefit.
type Way string

// Ways of obtaining a benefit.
const (
	WayAuto  Way = "auto"  // 免申即享: granted without applying
	WayFast  Way = "fast"  // 快申快享: a short confirmation
	WayApply Way = "apply" // 申报: an application that is reviewed
)

var wayNames = map[Way]string{WayAuto: "免申即享", WayFast: "快申快享", WayApply: "申报"}

// Label is the Chinese name of the way.
func (w Way) Label() string { return wayNames[w] }

// Benefit is one thing a policy gives, with the amount or rate where the
// policy states one.
type Benefit struct {
	Text      string  `json:"text"`
	AmountWan float64 `json:"amount_wan,omitempty"` // 万元
	Rate      float64 `json:"rate,omitempty"`       // percent
}

// Contact is a person or window to ask about a policy.
type Contact struct {
	Name  string `json:"name"`
	Unit  string `json:"unit,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Link is a document or page about a policy.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Condition is one named eligibility condition, explained on its own
// ("研发费用占销售收入比例 ≥ 5%"). Rule is an expression in the rule
// language (see the package documentation). A condition only an expert can
// judge has Review set to the reason; it is never decided from data unless
// it has a Rule over figures the experts supplied, and while undecided it
// makes the result 可能符合 at best.
type Condition struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	Rule     string `json:"rule,omitempty"`
	Citation string `json:"citation"` // document and article, e.g. 国科发火〔2016〕32号 第十一条（四）
	Review   string `json:"review,omitempty"`
}

// Path is one alternative way to qualify: a policy with paths needs its
// own conditions and every condition of at least one path (科技型中小企业:
// the score path or the direct path).
type Path struct {
	Name       string      `json:"name"`
	Conditions []Condition `json:"conditions"`
}

// Policy is one entry of the policy library (政策库) with its eligibility.
type Policy struct {
	Key        string      `json:"key"`
	Title      string      `json:"title"`
	Issuer     string      `json:"issuer"`
	DocNo      string      `json:"doc_no"` // 文号
	Level      Level       `json:"level"`
	ValidFrom  model.Date  `json:"valid_from"`
	ValidUntil model.Date  `json:"valid_until"` // zero: no end
	Summary    string      `json:"summary"`
	Benefits   []Benefit   `json:"benefits"`
	Way        Way         `json:"way"`
	Window     string      `json:"window"` // where to apply (受理窗口)
	Contacts   []Contact   `json:"contacts"`
	Links      []Link      `json:"links"`
	Conditions []Condition `json:"conditions"`
	Paths      []Path      `json:"paths,omitempty"`
	Note       string      `json:"note,omitempty"` // caveats about the criteria, e.g. a citation to be checked
}

// ActiveOn reports whether the policy is in force on d.
func (p *Policy) ActiveOn(d model.Date) bool {
	if !p.ValidFrom.IsZero() && p.ValidFrom.After(d) {
		return false
	}
	return p.ValidUntil.IsZero() || !d.After(p.ValidUntil)
}

// each visits every condition: the policy's own, then each path's.
func (p *Policy) each(fn func(path int, field string, c *Condition)) {
	for i := range p.Conditions {
		fn(-1, fmt.Sprintf("conditions[%d]", i), &p.Conditions[i])
	}
	for j := range p.Paths {
		for i := range p.Paths[j].Conditions {
			fn(j, fmt.Sprintf("paths[%d].conditions[%d]", j, i), &p.Paths[j].Conditions[i])
		}
	}
}

// Validate checks a policy before it is stored: required fields, a
// validity period that does not end before it starts, and every rule
// compiling (a RuleError's position is in the message).
func (p *Policy) Validate() model.FieldErrors {
	var errs model.FieldErrors
	pg := newProgram()
	p.validate(pg, "", &errs)
	return errs
}

func (p *Policy) validate(pg *program, prefix string, errs *model.FieldErrors) {
	add := func(field, msg string) { errs.Add(prefix+field, msg) }
	if strings.TrimSpace(p.Title) == "" {
		add("title", "政策名称不能为空")
	}
	if _, ok := levelNames[p.Level]; !ok {
		add("level", "政策层级应为国家、省、市或区（县）")
	}
	if _, ok := wayNames[p.Way]; !ok {
		add("way", "兑现方式应为免申即享、快申快享或申报")
	}
	if !p.ValidFrom.IsZero() && !p.ValidUntil.IsZero() && p.ValidFrom.After(p.ValidUntil) {
		add("valid_until", fmt.Sprintf("有效期结束日期 %s 早于开始日期 %s", p.ValidUntil, p.ValidFrom))
	}
	if len(p.Conditions) == 0 && len(p.Paths) == 0 {
		add("conditions", "至少需要一项申报条件")
	}
	for j, path := range p.Paths {
		if strings.TrimSpace(path.Name) == "" {
			add(fmt.Sprintf("paths[%d].name", j), "途径名称不能为空")
		}
		if len(path.Conditions) == 0 {
			add(fmt.Sprintf("paths[%d].conditions", j), "途径至少需要一项条件")
		}
	}
	keys := map[string]bool{}
	p.each(func(_ int, field string, c *Condition) {
		if strings.TrimSpace(c.Key) == "" {
			add(field+".key", "条件编号不能为空")
		} else if keys[c.Key] {
			add(field+".key", fmt.Sprintf("条件编号「%s」重复", c.Key))
		}
		keys[c.Key] = true
		if strings.TrimSpace(c.Name) == "" {
			add(field+".name", "条件名称不能为空")
		}
		if strings.TrimSpace(c.Citation) == "" {
			add(field+".citation", "请注明条件出处（文件及条款）")
		}
		if c.Rule == "" && c.Review == "" {
			add(field+".rule", "请填写判断规则，或注明需专家评审的理由")
		}
		if c.Rule != "" {
			if _, err := pg.compileRule(c.Rule); err != nil {
				var re *RuleError
				if errors.As(err, &re) {
					add(field+".rule", re.Error())
				} else {
					add(field+".rule", err.Error())
				}
			}
		}
	})
}
