package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// enterpriseWriteColumns are written on create and update, in this order.
const enterpriseWriteColumns = "uscc, name, name_initials, legal_rep, industry_code, scale, ownership, region_code, township_code, scope_code, address, latitude, longitude, founded_on, employees, revenue_yuan, tags, contacts"

const enterpriseColumns = "id, " + enterpriseWriteColumns + ", created_at, updated_at"

func enterpriseArgs(e *model.Enterprise) ([]any, error) {
	tags := e.Tags
	if tags == nil {
		tags = []string{}
	}
	contacts := e.Contacts
	if contacts == nil {
		contacts = []model.Contact{}
	}
	tj, err := json.Marshal(tags)
	if err != nil {
		return nil, err
	}
	cj, err := json.Marshal(contacts)
	if err != nil {
		return nil, err
	}
	var lat, lng any
	if e.Latitude != nil && e.Longitude != nil {
		lat, lng = *e.Latitude, *e.Longitude
	}
	return []any{e.USCC, e.Name, e.NameInitials, e.LegalRep, e.IndustryCode, string(e.Scale), string(e.Ownership),
		e.RegionCode, nullString(e.TownshipCode), e.ScopeCode(), e.Address, lat, lng, e.FoundedOn,
		e.Employees, e.RevenueYuan, string(tj), string(cj)}, nil
}

func scanEnterprise(sc scanner) (*model.Enterprise, error) {
	var e model.Enterprise
	var township *string
	var lat, lng *float64
	var scale, ownership, scope, tags, contacts string
	if err := sc.Scan(&e.ID, &e.USCC, &e.Name, &e.NameInitials, &e.LegalRep, &e.IndustryCode, &scale, &ownership,
		&e.RegionCode, &township, &scope, &e.Address, &lat, &lng, &e.FoundedOn, &e.Employees, &e.RevenueYuan,
		&tags, &contacts, &e.CreatedAt, &e.UpdatedAt); err != nil {
		return nil, interpretError(err)
	}
	e.Scale, e.Ownership = model.Scale(scale), model.Ownership(ownership)
	if township != nil {
		e.TownshipCode = *township
	}
	e.Latitude, e.Longitude = lat, lng
	if err := json.Unmarshal([]byte(tags), &e.Tags); err != nil {
		return nil, fmt.Errorf("enterprise %d tags: %w", e.ID, err)
	}
	if err := json.Unmarshal([]byte(contacts), &e.Contacts); err != nil {
		return nil, fmt.Errorf("enterprise %d contacts: %w", e.ID, err)
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

// CreateEnterprise adds an enterprise and fills its ID and timestamps.
func (tx *Tx) CreateEnterprise(ctx context.Context, e *model.Enterprise) error {
	args, err := enterpriseArgs(e)
	if err != nil {
		return err
	}
	args = append(args, tx.now)
	n := len(args)
	err = tx.queryRow(ctx, "INSERT INTO enterprises ("+enterpriseWriteColumns+", created_at, updated_at) VALUES ("+
		placeholders(1, n+1)+", $"+strconv.Itoa(n)+") RETURNING id", args...).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("create enterprise: %w", interpretError(err))
	}
	e.CreatedAt, e.UpdatedAt = tx.now, tx.now
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "enterprise", EntityID: strconv.FormatInt(e.ID, 10), RegionCode: e.ScopeCode(), After: e})
}

// EnterpriseForUpdate reads an enterprise inside the transaction, locking
// its row on PostgreSQL until the transaction ends.
func (tx *Tx) EnterpriseForUpdate(ctx context.Context, scope access.Scope, id int64) (*model.Enterprise, error) {
	var w where
	w.add("id = ?", id)
	scopeEnterprises(&w, scope)
	q := "SELECT " + enterpriseColumns + " FROM enterprises" + w.sql()
	if tx.store.engine == Postgres {
		q += " FOR UPDATE"
	}
	return scanEnterprise(tx.queryRow(ctx, q, w.args...))
}

// UpdateEnterprise stores after over before (both as read and as changed
// by the caller) and audits the difference.
func (tx *Tx) UpdateEnterprise(ctx context.Context, before, after *model.Enterprise) error {
	args, err := enterpriseArgs(after)
	if err != nil {
		return err
	}
	cols := strings.Split(enterpriseWriteColumns, ", ")
	set := make([]string, len(cols))
	for i, c := range cols {
		set[i] = c + " = $" + strconv.Itoa(i+1)
	}
	args = append(args, tx.now, after.ID)
	q := "UPDATE enterprises SET " + strings.Join(set, ", ") + ", updated_at = $" + strconv.Itoa(len(cols)+1) +
		" WHERE id = $" + strconv.Itoa(len(cols)+2)
	if _, err := tx.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("update enterprise: %w", err)
	}
	after.UpdatedAt = tx.now
	return tx.Audit(ctx, AuditEntry{Action: "update", Entity: "enterprise", EntityID: strconv.FormatInt(after.ID, 10),
		RegionCode: after.ScopeCode(), Before: before, After: after})
}

func scopeEnterprises(w *where, scope access.Scope) {
	if scope.Prefix != "" {
		w.prefix("scope_code", scope.Prefix)
	}
	if scope.EnterpriseID != 0 {
		w.add("id = ?", scope.EnterpriseID)
	}
}

// Enterprise returns one enterprise visible in scope, or ErrNotFound.
func (r *Reader) Enterprise(ctx context.Context, scope access.Scope, id int64) (*model.Enterprise, error) {
	var w where
	w.add("id = ?", id)
	scopeEnterprises(&w, scope)
	return scanEnterprise(r.hot(ctx, "SELECT "+enterpriseColumns+" FROM enterprises"+w.sql(), w.args...))
}

// EnterpriseByUSCC returns one enterprise visible in scope by its code.
func (r *Reader) EnterpriseByUSCC(ctx context.Context, scope access.Scope, uscc string) (*model.Enterprise, error) {
	var w where
	w.add("uscc = ?", uscc)
	scopeEnterprises(&w, scope)
	return scanEnterprise(r.q.QueryRowContext(ctx, "SELECT "+enterpriseColumns+" FROM enterprises"+w.sql(), w.args...))
}

// EnterpriseFilter selects and pages enterprises.
type EnterpriseFilter struct {
	Q            string // name substring, pinyin initials, or USCC prefix
	Tag          string
	Industry     string // section letter (C) or full code (C39)
	Scale        model.Scale
	TownshipCode string
	Limit        int // default 20, at most 500
	Offset       int
	NoCount      bool // skip the total (exports and streaming)
}

// EnterprisePage is one page of enterprises and the number that match.
type EnterprisePage struct {
	Items []*model.Enterprise `json:"items"`
	Total int                 `json:"total"`
}

// likeEscape escapes LIKE wildcards in user input (ESCAPE '\').
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func isUSCCFragment(q string) bool {
	if len(q) < 4 {
		return false
	}
	digits := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'A' && c <= 'Z':
		default:
			return false
		}
	}
	return digits >= 2
}

func isLetters(q string) bool {
	for i := 0; i < len(q); i++ {
		c := q[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return q != ""
}

// Enterprises lists the enterprises visible in scope that match f, by id.
func (s *Store) Enterprises(ctx context.Context, scope access.Scope, f EnterpriseFilter) (*EnterprisePage, error) {
	var w where
	scopeEnterprises(&w, scope)
	if q := strings.TrimSpace(f.Q); q != "" {
		upper := strings.ToUpper(q)
		switch {
		case isUSCCFragment(upper):
			w.add("uscc LIKE ? ESCAPE '\\'", likeEscape(upper)+"%")
		case isLetters(q):
			pat := "%" + likeEscape(strings.ToLower(q)) + "%"
			w.add("(name_initials LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\')", pat, pat)
		default:
			w.add("lower(name) LIKE ? ESCAPE '\\'", "%"+likeEscape(strings.ToLower(q))+"%")
		}
	}
	if f.Tag != "" {
		tag, _ := json.Marshal(f.Tag)
		w.add("tags LIKE ? ESCAPE '\\'", "%"+likeEscape(string(tag))+"%")
	}
	if f.Industry != "" {
		if len(f.Industry) == 1 {
			w.add("industry_code LIKE ? ESCAPE '\\'", likeEscape(f.Industry)+"%")
		} else {
			w.add("industry_code = ?", f.Industry)
		}
	}
	if f.Scale != "" {
		w.add("scale = ?", string(f.Scale))
	}
	if f.TownshipCode != "" {
		w.add("township_code = ?", f.TownshipCode)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100000)
	page := &EnterprisePage{Items: []*model.Enterprise{}}
	if !f.NoCount {
		if err := s.lists(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM enterprises"+w.sql(), w.args...).Scan(&page.Total); err != nil {
			return nil, interpretError(err)
		}
		if page.Total == 0 {
			return page, nil
		}
	}
	q := "SELECT " + enterpriseColumns + " FROM enterprises" + w.sql() + " ORDER BY id LIMIT " + strconv.Itoa(limit) + " OFFSET " + strconv.Itoa(max(0, f.Offset))
	rows, err := s.lists(ctx).QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, e)
	}
	return page, interpretError(rows.Err())
}

// CountEnterprises counts the enterprises visible in scope.
func (r *Reader) CountEnterprises(ctx context.Context, scope access.Scope) (int, error) {
	var w where
	scopeEnterprises(&w, scope)
	var n int
	err := r.q.QueryRowContext(ctx, "SELECT COUNT(*) FROM enterprises"+w.sql(), w.args...).Scan(&n)
	return n, interpretError(err)
}

// placeholders writes "$from, …, $to-1".
func placeholders(from, to int) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		if i > from {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i))
	}
	return b.String()
}

// EnterpriseBrief is an enterprise's identity and place, all that case
// intake needs.
type EnterpriseBrief struct {
	ID           int64
	Name         string
	RegionCode   string
	TownshipCode string
}

// ScopeCode is the region code the enterprise is scoped by.
func (b *EnterpriseBrief) ScopeCode() string {
	if b.TownshipCode != "" {
		return b.TownshipCode
	}
	return b.RegionCode
}

// EnterpriseBriefBy returns the brief of one enterprise visible in scope, by
// id or (when id is 0) by USCC.
func (r *Reader) EnterpriseBriefBy(ctx context.Context, scope access.Scope, id int64, uscc string) (*EnterpriseBrief, error) {
	var w where
	if id != 0 {
		w.add("id = ?", id)
	} else {
		w.add("uscc = ?", uscc)
	}
	scopeEnterprises(&w, scope)
	var b EnterpriseBrief
	err := r.hot(ctx, "SELECT id, name, region_code, COALESCE(township_code, '') FROM enterprises"+w.sql(), w.args...).
		Scan(&b.ID, &b.Name, &b.RegionCode, &b.TownshipCode)
	if err != nil {
		return nil, interpretError(err)
	}
	return &b, nil
}
