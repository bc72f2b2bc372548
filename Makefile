# Convenience targets; each is one plain go command (see README).
.PHONY: test demo build bench

test:
	go test ./...

demo:
	go run ./cmd/zhuqi demo

build:
	go build -o zhuqi ./cmd/zhuqi

bench:
	go test -run '^$$' -bench . -benchtime 3x ./...
