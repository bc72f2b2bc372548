package ranking

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Algorithm names the rules this package ranks by. It is part of every
// snapshot and its hash: a change to the rules that alters results must
// change it, so that an old snapshot is recognised as ranked by other
// rules rather than as tampered with.
const Algorithm = "zhuqi-ranking/1"

// Snapshot is a month's ranking as published: its inputs, its
// configuration and its result. It is self-contained: the result follows
// from the rest by Compute, so a published ranking is reproducible and no
// later change of data alters it. Storing and versioning snapshots (a
// republish is a new version with a reason) is the store's job; Hash is
// what it needs to tell versions apart.
type Snapshot struct {
	Algorithm string      `json:"algorithm"`
	Period    model.Month `json:"period"`
	Config    Config      `json:"config"`
	// Inputs are in id order.
	Inputs []Project `json:"inputs"`
	Result Result    `json:"result"`
	// Hash is the hex SHA-256 of a canonical text of algorithm, period,
	// configuration and inputs: equal hashes, equal rankings.
	Hash string `json:"hash"`
}

// Compute validates the configuration and inputs and ranks the month. The
// inputs are copied and put in id order; the caller's slice is not touched.
func Compute(period model.Month, c Config, projects []Project) (*Snapshot, error) {
	if !period.Valid() {
		return nil, model.FieldErrors{{Field: "period", Message: "排名月份无效"}}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	ps := slices.Clone(projects)
	if ps == nil {
		ps = []Project{}
	}
	slices.SortFunc(ps, func(a, b Project) int { return cmp.Compare(a.ID, b.ID) })
	var fe model.FieldErrors
	for i := range ps {
		ps[i].validate(&fe, i)
		if i > 0 && ps[i].ID == ps[i-1].ID {
			fe.Add("projects", fmt.Sprintf("项目 %d 重复", ps[i].ID))
		}
		if len(fe) >= 20 {
			break // enough to tell what is wrong
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	s := &Snapshot{Algorithm: Algorithm, Period: period, Config: c, Inputs: ps}
	h, err := s.contentHash()
	if err != nil {
		return nil, err
	}
	s.Hash = h
	s.Result = rank(&s.Config, s.Inputs)
	return s, nil
}

// contentHash hashes a canonical text of what the ranking depends on: the
// algorithm, the period and the configuration as JSON, then one line per
// input in id order, every field in declaration order, strings prefixed with
// their length so no name can forge a separator. It is written straight
// into the hash: encoding 100,000 inputs as JSON first took most of
// Compute's time.
func (s *Snapshot) contentHash() (string, error) {
	head, err := json.Marshal(struct {
		Algorithm string      `json:"algorithm"`
		Period    model.Month `json:"period"`
		Config    Config      `json:"config"`
	}{s.Algorithm, s.Period, s.Config})
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(head)
	buf := make([]byte, 0, 512)
	for i := range s.Inputs {
		buf = appendCanonical(buf[:0], &s.Inputs[i])
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func appendCanonical(b []byte, p *Project) []byte {
	b = append(b, '\n')
	b = strconv.AppendInt(b, p.ID, 10)
	for _, x := range [...]string{p.Name, p.Unit.ID, p.Unit.Name, p.Township.ID, p.Township.Name, p.Leader.ID, p.Leader.Name} {
		b = appendString(b, x)
	}
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(p.Plan), 10)
	for _, r := range [...]Ratio{p.Investment, p.Nodes, p.Reports, p.Problems} {
		b = append(b, ' ')
		b = strconv.AppendInt(b, r.Num, 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, r.Den, 10)
	}
	return appendString(b, string(p.Light))
}

// appendString writes " length:bytes", which no content can forge.
func appendString(b []byte, s string) []byte {
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

// ErrMismatch is wrapped by Verify's errors.
var ErrMismatch = errors.New("排名快照与其输入重新计算的结果不一致")

// Verify recomputes the snapshot from its own inputs and configuration and
// reports whether everything stored matches: the hash, and the result to
// the last hundredth of a point.
func (s *Snapshot) Verify() error {
	if s.Algorithm != Algorithm {
		return fmt.Errorf("%w：快照按规则 %s 计算，本程序为 %s", ErrMismatch, s.Algorithm, Algorithm)
	}
	again, err := Compute(s.Period, s.Config, s.Inputs)
	if err != nil {
		return fmt.Errorf("%w：%w", ErrMismatch, err)
	}
	if again.Hash != s.Hash {
		return fmt.Errorf("%w：内容摘要应为 %s，快照记为 %s", ErrMismatch, again.Hash, s.Hash)
	}
	if !reflect.DeepEqual(again.Inputs, s.Inputs) {
		return fmt.Errorf("%w：输入未按项目编号排序", ErrMismatch)
	}
	lists := []struct {
		name      string
		got, want []Entry
	}{
		{"项目", s.Result.Projects, again.Result.Projects},
		{"责任单位", s.Result.Units, again.Result.Units},
		{"乡镇", s.Result.Townships, again.Result.Townships},
		{"分包领导", s.Result.Leaders, again.Result.Leaders},
	}
	for _, l := range lists {
		if len(l.got) != len(l.want) {
			return fmt.Errorf("%w：%s排名应有 %d 条，快照有 %d 条", ErrMismatch, l.name, len(l.want), len(l.got))
		}
		for i := range l.got {
			if l.got[i] != l.want[i] {
				return fmt.Errorf("%w：%s排名第 %d 条应为 %+v，快照为 %+v", ErrMismatch, l.name, i+1, l.want[i], l.got[i])
			}
		}
	}
	if !slices.Equal(s.Result.Unranked, again.Result.Unranked) {
		return fmt.Errorf("%w：未参与排名的项目不同", ErrMismatch)
	}
	return nil
}

// Encode writes the snapshot as JSON. The encoding is deterministic:
// struct fields in declaration order, inputs in id order, amounts and
// scores as exact decimals, weights as the shortest text that reads back
// to the same float; equal snapshots encode to equal bytes.
func (s *Snapshot) Encode() ([]byte, error) { return json.Marshal(s) }

// Decode reads a snapshot written by Encode and verifies it. Fields it
// does not know are ignored: they cannot change the result, which Verify
// recomputes.
func Decode(b []byte) (*Snapshot, error) {
	var s Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("排名快照无法读取：%w", err)
	}
	if s.Inputs == nil {
		s.Inputs = []Project{}
	}
	if err := s.Verify(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Project returns the inputs of one project.
func (s *Snapshot) Project(id int64) (*Project, bool) {
	i, ok := slices.BinarySearchFunc(s.Inputs, id, func(p Project, id int64) int { return cmp.Compare(p.ID, id) })
	if !ok {
		return nil, false
	}
	return &s.Inputs[i], true
}

// Explain returns the breakdown of one project's score in the snapshot.
func (s *Snapshot) Explain(id int64) ([]Part, Points, bool) {
	p, ok := s.Project(id)
	if !ok {
		return nil, 0, false
	}
	return Explain(p, &s.Config)
}
