// Package alloc is the allocation of a resource package (资源包) as callers
// see it: items with ids and names, decimal amounts, Chinese explanations.
// It reads and writes the JSON instance format of `zhuqi alloc solve`
// (docs/alloc-format.md), checks it with errors that name the id and field
// at fault, scales decimals to integers for package solver and maps the
// results back exactly. It does no I/O beyond the reader it is given.
//
// A service calls Solve (or Check for an official's edited allocation)
// with an Instance it built or parsed, and gets a Result.
package alloc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Instance is one allocation problem: divisible supplies and demands
// joined by arcs, and land parcels and projects. Either part may be empty.
type Instance struct {
	Supplies []Supply `json:"supplies,omitempty"`
	Demands  []Demand `json:"demands,omitempty"`
	Arcs     []Arc    `json:"arcs,omitempty"`
	Fixed    []Flow   `json:"fixed,omitempty"` // overrides: these arcs carry exactly these amounts

	Parcels          []Parcel     `json:"parcels,omitempty"`
	Projects         []Project    `json:"projects,omitempty"`
	WasteCost        Decimal      `json:"waste_cost,omitempty"`        // value lost per unit of unused parcel area (default 0)
	FixedAssignments []Assignment `json:"fixed_assignments,omitempty"` // overrides: these projects get these parcels
}

// Supply is an amount of a divisible resource: an energy quota (能耗指标),
// a fund (资金).
type Supply struct {
	ID     string  `json:"id"`
	Name   string  `json:"name,omitempty"`
	Kind   string  `json:"kind,omitempty"` // e.g. 能耗, 资金: arcs join only items of one kind
	Amount Decimal `json:"amount"`
}

// Demand is a project's request for a divisible resource.
type Demand struct {
	ID       string  `json:"id"`
	Name     string  `json:"name,omitempty"`
	Kind     string  `json:"kind,omitempty"`
	Amount   Decimal `json:"amount"`             // the most it may receive
	Min      Decimal `json:"min,omitempty"`      // it receives nothing or at least this much (default 0)
	Required bool    `json:"required,omitempty"` // it must receive at least Min
	Value    Decimal `json:"value,omitempty"`    // value per unit for its arcs that give none
}

// Arc says a supply may serve a demand, and what a unit is worth there.
type Arc struct {
	Supply string  `json:"supply"`
	Demand string  `json:"demand"`
	Value  Decimal `json:"value,omitempty"` // per unit; the demand's value when absent
	Cap    Decimal `json:"cap,omitempty"`   // the most this arc may carry
}

// Flow is an amount moved from a supply to a demand.
type Flow struct {
	Supply string  `json:"supply"`
	Demand string  `json:"demand"`
	Amount Decimal `json:"amount"`
}

// Parcel is a piece of land (地块).
type Parcel struct {
	ID   string  `json:"id"`
	Name string  `json:"name,omitempty"`
	Use  string  `json:"use,omitempty"` // land use (用地性质), e.g. 工业
	Area Decimal `json:"area"`
}

// Project is a project's need for land: one parcel of at least Area.
type Project struct {
	ID    string  `json:"id"`
	Name  string  `json:"name,omitempty"`
	Use   string  `json:"use,omitempty"` // when set, only parcels of this use
	Area  Decimal `json:"area"`
	Value Decimal `json:"value"` // what meeting its need is worth
	// Parcels, when given, are the only parcels it may use.
	Parcels []string `json:"parcels,omitempty"`
}

// Assignment gives a project a parcel.
type Assignment struct {
	Parcel  string `json:"parcel"`
	Project string `json:"project"`
}

// MaxInstanceBytes bounds what Parse reads.
const MaxInstanceBytes = 128 << 20

// Parse reads an instance in the JSON format of docs/alloc-format.md.
// Unknown fields and trailing data are errors; figures are checked later,
// by Solve or Check, which name the item at fault.
func Parse(r io.Reader) (*Instance, error) {
	return parseJSON[Instance](r, "实例文件")
}

// ParseAllocation reads an allocation ({"flows": […], "assignments": […]}),
// as Solve prints it, for Check.
func ParseAllocation(r io.Reader) (*Allocation, error) {
	return parseJSON[Allocation](r, "分配方案文件")
}

func parseJSON[T any](r io.Reader, what string) (*T, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInstanceBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxInstanceBytes {
		return nil, Errors{{Code: "too_large", Message: fmt.Sprintf("%s超过 %d MiB", what, MaxInstanceBytes>>20)}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	v := new(T)
	if err := dec.Decode(v); err != nil {
		return nil, Errors{syntaxError(data, err, what)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Errors{{Code: "syntax", Message: what + "在 JSON 对象之后还有多余内容"}}
	}
	return v, nil
}

// syntaxError turns a decoding error into Chinese with its line and column.
func syntaxError(data []byte, err error, what string) *Error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := position(data, se.Offset)
		return &Error{Code: "syntax", Message: fmt.Sprintf("%s不是有效的 JSON：第 %d 行第 %d 列附近（%s）", what, line, col, se.Error())}
	case errors.As(err, &te):
		line, col := position(data, te.Offset)
		return &Error{Code: "syntax", Field: te.Field, Message: fmt.Sprintf("%s第 %d 行第 %d 列：字段 %s 的类型不对（应为%s）", what, line, col, te.Field, typeName(te.Type.Kind().String()))}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Code: "syntax", Message: what + "为空或不完整"}
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &Error{Code: "unknown_field", Field: strings.Trim(f, `"`), Message: fmt.Sprintf("%s含未知字段 %s", what, f)}
	}
	return &Error{Code: "syntax", Message: what + "无法读取：" + err.Error()}
}

func typeName(kind string) string {
	switch kind {
	case "slice":
		return "数组"
	case "struct":
		return "对象"
	case "string":
		return "字符串"
	case "bool":
		return "true 或 false"
	}
	return kind
}

func position(data []byte, off int64) (line, col int) {
	off = min(off, int64(len(data)))
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	col = int(off) - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}
