package cli

import (
	"net/http"
	"net/http/pprof"
)

// pprofMux serves Go's profiler on its own listener, never on the public
// address.
func pprofMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("/debug/pprof/", pprof.Index)
	m.HandleFunc("/debug/pprof/profile", pprof.Profile)
	m.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return m
}
