package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/zhuqi-gov/zhuqi/internal/solver/alloc"
)

func runAllocSolve(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "alloc solve", "求解资源包分配实例（JSON，格式见 docs/alloc-format.md），打印分配方案与目标值（JSON）。FILE 为 - 时读标准输入。\n"+
		"Solves an allocation instance and prints the allocation and its objective as JSON; FILE - reads standard input.\n"+
		"最简形式 / plain form: {\"supplies\":[{\"id\":\"S1\",\"amount\":120}],\"demands\":[{\"id\":\"D1\",\"amount\":50,\"min\":0}],\"arcs\":[{\"supply\":\"S1\",\"demand\":\"D1\",\"value\":7}]}")
	explain := fs.Bool("explain", false, "同时给出每项供给、需求、地块、项目的结果与原因、影子价格 (add every item's outcome, reasons and shadow prices)")
	maxNodes := fs.Int("max-nodes", 0, "最低量分支定界的子问题上限，0 为默认 (branch-and-bound limit; 0: default)")
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 1 {
		return &usageError{msg: "用法：zhuqi alloc solve [--explain] FILE.json（- 为标准输入）"}
	}
	inst, err := readInstance(e, fs.Arg(0), alloc.Parse)
	if err != nil {
		return allocErr(e, "alloc solve", err)
	}
	res, err := alloc.Solve(inst, alloc.Options{Explain: *explain, MaxNodes: *maxNodes})
	if err != nil {
		return allocErr(e, "alloc solve", err)
	}
	if res.Status != "optimal" {
		fmt.Fprintf(e.stderr, "zhuqi alloc solve: 搜索达到上限，方案未证明最优；最优值不超过 %s (node limit reached; bound %s)\n", res.Bound, res.Bound)
	}
	return writeJSON(e.stdout, res)
}

func runAllocCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "alloc check", "复核一份完整的分配方案（如人工调整后的方案）：是否满足实例的全部约束，目标值及与最优值之差。\n"+
		"Re-checks a complete allocation against an instance: every broken constraint, its objective and its cost against the optimum.\n"+
		"方案格式与 alloc solve 的输出相同 / the allocation is in alloc solve's output form: {\"flows\":[…],\"assignments\":[…]}\n"+
		"例 / example: zhuqi alloc check 实例.json 调整后方案.json")
	maxNodes := fs.Int("max-nodes", 0, "最低量分支定界的子问题上限，0 为默认 (branch-and-bound limit; 0: default)")
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 2 {
		return &usageError{msg: "用法：zhuqi alloc check INSTANCE.json ALLOCATION.json"}
	}
	inst, err := readInstance(e, fs.Arg(0), alloc.Parse)
	if err != nil {
		return allocErr(e, "alloc check", err)
	}
	a, err := readInstance(e, fs.Arg(1), alloc.ParseAllocation)
	if err != nil {
		return allocErr(e, "alloc check", err)
	}
	res, err := alloc.Check(inst, a, alloc.Options{MaxNodes: *maxNodes})
	if err != nil {
		return allocErr(e, "alloc check", err)
	}
	if err := writeJSON(e.stdout, res); err != nil {
		return err
	}
	if !res.Feasible {
		return fmt.Errorf("方案违反 %d 项约束 (the allocation breaks %d constraints)", len(res.Violations), len(res.Violations))
	}
	return nil
}

func readInstance[T any](e *env, name string, parse func(io.Reader) (*T, error)) (*T, error) {
	if name == "-" {
		return parse(e.stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("无法打开文件: %w", err)
	}
	defer f.Close()
	return parse(f)
}

// allocErr prints every fault of an instance on its own line and returns
// a summary.
func allocErr(e *env, name string, err error) error {
	var es alloc.Errors
	if !errors.As(err, &es) {
		return err
	}
	for _, x := range es {
		if x.Field != "" {
			fmt.Fprintf(e.stderr, "zhuqi %s: %s（字段 %s）\n", name, x.Message, x.Field)
		} else {
			fmt.Fprintf(e.stderr, "zhuqi %s: %s\n", name, x.Message)
		}
	}
	if len(es) == 1 && es[0].Code == alloc.CodeInfeasible {
		return errors.New("未输出方案 (infeasible: nothing written)")
	}
	return fmt.Errorf("共 %d 处错误，未输出方案 (%d errors: nothing written)", len(es), len(es))
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
