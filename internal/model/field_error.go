package model

import "strings"

// FieldError says what is wrong with one field of an input. Field is the
// JSON field name; Message is Chinese and shown to users as is.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// FieldErrors is every problem found in one input, in field order.
type FieldErrors []*FieldError

func (es FieldErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Add appends an error for field.
func (es *FieldErrors) Add(field, message string) {
	*es = append(*es, &FieldError{Field: field, Message: message})
}

// Err returns nil when there are no errors, so callers can return it directly.
func (es FieldErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
