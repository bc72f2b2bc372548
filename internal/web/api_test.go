package web_test

import (
	"encoding/json"
	"testing"
)

// assertErrorShape checks the one error format of the API:
// {"error":{"code":"…","message":"…"}} with a non-empty, non-ASCII message.
func assertErrorShape(t *testing.T, body []byte) {
	t.Helper()
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Field   string `json:"field"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Errorf("error body is not JSON: %v: %.200s", err, body)
		return
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Errorf("error body lacks code or message: %s", body)
	}
	ascii := true
	for _, r := range e.Error.Message {
		if r > 127 {
			ascii = false
		}
	}
	if ascii {
		t.Errorf("error message is not Chinese: %q", e.Error.Message)
	}
}
