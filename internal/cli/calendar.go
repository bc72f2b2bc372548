package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// workCalendar is the calendar the calendar commands answer from: the
// embedded State Council dates, plus the database's imported years when a
// database is named (--db or ZHUQI_DB).
func workCalendar(ctx context.Context, dsn string) (*calendar.Calendar, error) {
	if dsn == "" {
		return calendar.Default(), nil
	}
	s, err := openStore(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return service.New(s).ReloadCalendar(ctx)
}

func calendarDB(fs interface {
	String(name, value, usage string) *string
}) *string {
	return fs.String("db", os.Getenv("ZHUQI_DB"), "数据库 DSN，含管理员导入的年份；省略则只用内置数据 (database with imported years; embedded data when empty)")
}

func runCalendarAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "calendar add-workdays", "打印给定日期之后第 N 个工作日（不含当天），按国务院节假日与调休安排。\nPrints the N-th working day after a date (the date itself not counted).\n例 / example: zhuqi calendar add-workdays 2026-09-30 5   →   2026-10-13")
	db := calendarDB(fs)
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 2 {
		return &usageError{msg: "用法：zhuqi calendar add-workdays YYYY-MM-DD N"}
	}
	d, err := calendar.ParseDate(fs.Arg(0))
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	n, err := strconv.Atoi(fs.Arg(1))
	if err != nil || n < 0 {
		return &usageError{msg: "N 应为非负整数 (N must be a non-negative integer)"}
	}
	cal, err := workCalendar(ctx, *db)
	if err != nil {
		return err
	}
	r, err := cal.AddWorkdays(d, n)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, r)
	return nil
}

func runCalendarIs(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "calendar is-workday", "判断给定日期是否为工作日，打印 true 或 false。\nPrints true or false.\n例 / example: zhuqi calendar is-workday 2026-10-10   →   true")
	db := calendarDB(fs)
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 1 {
		return &usageError{msg: "用法：zhuqi calendar is-workday YYYY-MM-DD"}
	}
	d, err := calendar.ParseDate(fs.Arg(0))
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	cal, err := workCalendar(ctx, *db)
	if err != nil {
		return err
	}
	ok, err := cal.IsWorkday(d)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, ok)
	return nil
}

func runCalendarImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "calendar import", "导入国务院公布的某年节假日与调休上班日（JSON），覆盖内置数据，并重新计算到期日暂按周一至周五计算的在办事项。\nImports years of holidays and make-up working days over the embedded data and recomputes provisional deadlines.\n格式 / format: {\"years\":{\"2027\":{\"holidays\":[\"2027-01-01\",…],\"workdays\":[\"2027-02-07\",…]}}}")
	db := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 1 {
		return &usageError{msg: "用法：zhuqi calendar import FILE.json"}
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
	res, err := service.New(s).ImportCalendar(ctx, nil, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已导入 %v 年的节假日安排，重新计算了 %d 个事项的到期日\n", res.Years, res.Recomputed)
	return nil
}

func runImportCases(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import cases", "导入投诉举报平台、12345 等导出的事项（CSV、XLSX 或 JSON），按「来源+外部编号」去重，可重复导入；逐行报告未导入的原因。\nImports cases exported by a complaint platform; idempotent by source and external id.\n必填列 / required columns: 外部编号、统一社会信用代码、类别、标题；可选：类型、来源、内容、受理时间、办理时限、承诺兑现日期")
	db := dbFlag(fs)
	region := fs.String("region", "", "区县代码，导入的事项归属该区县 (district code)")
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 1 || *region == "" {
		return &usageError{msg: "用法：zhuqi import cases --region 411203 FILE"}
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
	rep, err := service.New(s).ImportCases(ctx, p, f, fs.Arg(0))
	if err != nil {
		return err
	}
	for _, r := range rep.Rejected {
		col := r.Column
		if col == "" {
			col = "整行"
		}
		fmt.Fprintf(e.stdout, "第 %d 行 %s：%s\n", r.Line, col, r.Message)
	}
	fmt.Fprintf(e.stdout, "共 %d 行：新登记 %d，已存在 %d，未导入 %d\n", rep.Total, rep.Created, rep.Existing, rep.Rows)
	if rep.Rows > 0 {
		return errors.New("部分行未导入 (some rows were rejected)")
	}
	return nil
}

func flagErr(err error) error {
	if errors.Is(err, errHelp) {
		return err
	}
	return &usageError{msg: err.Error()}
}
