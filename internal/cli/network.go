package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

func runImportVisits(ctx context.Context, e *env, args []string) error {
	return importRows(ctx, e, args, "import visits",
		"导入走访台账，每行一次走访；反映问题逐条登记为事项。\nImports visits, one per row; the problems raised become cases.\n列 / columns: 统一社会信用代码*、走访日期*、走访方式、走访人员（登录名，用、分隔）、专项活动、走访记录、反映问题（「类别：问题」，用；分隔）",
		func(svc *service.Service, p *access.Principal, r io.Reader, name string) (*service.RowReport, error) {
			return svc.ImportVisits(ctx, p, r, name)
		})
}

func runImportAssignments(ctx context.Context, e *env, args []string) error {
	return importRows(ctx, e, args, "import assignments",
		"导入包联台账，为企业指定服务专员（已有其他专员的须填写调整原因）。\nImports commissioner assignments.\n列 / columns: 统一社会信用代码*、服务专员登录名*、调整原因",
		func(svc *service.Service, p *access.Principal, r io.Reader, name string) (*service.RowReport, error) {
			return svc.ImportAssignments(ctx, p, r, name)
		})
}

// importRows is the shared shape of the row-by-row ledger imports.
func importRows(ctx context.Context, e *env, args []string, name, help string,
	run func(*service.Service, *access.Principal, io.Reader, string) (*service.RowReport, error)) error {
	fs := newFlags(e, name, help)
	db := dbFlag(fs)
	region := fs.String("region", "", "区县代码 (district code)")
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 1 || *region == "" {
		return &usageError{msg: "用法：zhuqi " + name + " --region 411203 FILE"}
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("无法打开文件: %w", err)
	}
	defer f.Close()
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.Region(ctx, *region)
	if err != nil {
		return &usageError{msg: fmt.Sprintf("地区 %s 未设置，请先运行 zhuqi region add --code %s", *region, *region)}
	}
	p := &access.Principal{Login: store.System.Login, Role: access.Admin, RegionCode: r.Code, RegionPrefix: r.Prefix}
	rep, err := run(service.New(s), p, f, fs.Arg(0))
	if err != nil {
		return err
	}
	for _, x := range rep.Rejected {
		col := x.Column
		if col == "" {
			col = "整行"
		}
		fmt.Fprintf(e.stdout, "第 %d 行 %s：%s\n", x.Line, col, x.Message)
	}
	fmt.Fprintf(e.stdout, "共 %d 行：导入 %d，未导入 %d\n", rep.Total, rep.Imported, rep.Rows)
	if rep.Rows > 0 {
		return errors.New("部分行未导入 (some rows were rejected)")
	}
	return nil
}
