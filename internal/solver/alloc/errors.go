package alloc

import "strings"

// Error is one fault in an instance or an allocation: a stable English
// code, the JSON field at fault (e.g. "demands[2].min") and a Chinese
// message naming the item by its id.
type Error struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Error returns the Chinese message.
func (e *Error) Error() string { return e.Message }

// Errors is every fault found, in document order (at most maxErrors).
type Errors []*Error

// Error joins the messages.
func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Message
	}
	return strings.Join(parts, "；")
}

// maxErrors is how many faults one check reports; a file with more has a
// systematic problem that the first ones show.
const maxErrors = 50

// Error codes beyond the solver's.
const (
	CodeInfeasible = "infeasible" // no allocation meets the required minimums
	CodeTooLarge   = "too_large"  // figures beyond exact arithmetic
)
