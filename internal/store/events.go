package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// CreateEvent stores an event with its departments and enterprises.
func (tx *Tx) CreateEvent(ctx context.Context, e *model.Event) error {
	e.CreatedAt = tx.now
	err := tx.queryRow(ctx, `INSERT INTO events (region_code, title, kind, held_on, place, organizer_department_id, notes, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, e.RegionCode, e.Title, e.Kind, e.HeldOn, e.Place,
		nullInt(e.OrganizerDepartmentID), e.Notes, nullInt(tx.actor.UserID), tx.now).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("create event: %w", interpretError(err))
	}
	if e.OrganizerDepartmentID != 0 {
		if _, err := tx.exec(ctx, "INSERT INTO event_departments (event_id, department_id, role) VALUES ($1, $2, 'organizer')", e.ID, e.OrganizerDepartmentID); err != nil {
			return err
		}
	}
	for _, d := range e.InvitedDepartmentIDs {
		if d == e.OrganizerDepartmentID {
			continue
		}
		if _, err := tx.exec(ctx, "INSERT INTO event_departments (event_id, department_id, role) VALUES ($1, $2, 'invited')", e.ID, d); err != nil {
			return err
		}
	}
	for _, id := range e.EnterpriseIDs {
		if _, err := tx.exec(ctx, "INSERT INTO event_enterprises (event_id, enterprise_id) VALUES ($1, $2)", e.ID, id); err != nil {
			return err
		}
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "event", EntityID: strconv.FormatInt(e.ID, 10), RegionCode: e.RegionCode, After: e})
}

// AddGuidance stores cost-reduction guidance given to an enterprise.
func (tx *Tx) AddGuidance(ctx context.Context, g *model.Guidance, regionCode, scopeCode string) error {
	g.CreatedAt = tx.now
	err := tx.queryRow(ctx, `INSERT INTO cost_guidance (region_code, scope_code, enterprise_id, event_id, visit_id, area, estimated_saving_yuan, note, guided_on, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, regionCode, scopeCode, g.EnterpriseID, nullInt(g.EventID), nullInt(g.VisitID),
		g.Area, g.EstimatedSavingYuan, g.Note, g.GuidedOn, tx.now).Scan(&g.ID)
	if err != nil {
		return fmt.Errorf("cost guidance: %w", interpretError(err))
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "cost_guidance", EntityID: strconv.FormatInt(g.ID, 10), RegionCode: scopeCode, After: g})
}

// Events lists the events of a region subtree, newest first.
func (s *Store) Events(ctx context.Context, prefix string, limit int) ([]*model.Event, error) {
	var w where
	w.prefix("region_code", prefix)
	rows, err := s.lists(ctx).QueryContext(ctx, "SELECT id, region_code, title, kind, held_on, place, COALESCE(organizer_department_id, 0), notes, created_at FROM events"+
		w.sql()+" ORDER BY held_on DESC, id DESC LIMIT "+strconv.Itoa(max(1, min(limit, 500))), w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*model.Event{}
	for rows.Next() {
		var e model.Event
		if err := rows.Scan(&e.ID, &e.RegionCode, &e.Title, &e.Kind, &e.HeldOn, &e.Place, &e.OrganizerDepartmentID, &e.Notes, &e.CreatedAt); err != nil {
			return nil, interpretError(err)
		}
		e.CreatedAt, e.InvitedDepartmentIDs, e.EnterpriseIDs = e.CreatedAt.UTC(), []int64{}, []int64{}
		out = append(out, &e)
	}
	return out, interpretError(rows.Err())
}

// EventLedgerRow is one line of the 活动台账.
type EventLedgerRow struct {
	model.Event
	Organizer     string `json:"organizer"`
	Enterprises   int    `json:"enterprise_count"`
	Consultations int    `json:"consultation_count"`
	Answered      int    `json:"answered"`
	Guided        int    `json:"enterprises_guided"`
	SavingYuan    int64  `json:"estimated_saving_yuan"`
}

// EventLedger lists a region's events with what each produced.
func (s *Store) EventLedger(ctx context.Context, prefix string, limit int) ([]*EventLedgerRow, error) {
	var w where
	w.prefix("ev.region_code", prefix)
	return s.eventRows(ctx, w, limit)
}

func (s *Store) eventRows(ctx context.Context, w where, limit int) ([]*EventLedgerRow, error) {
	rows, err := s.lists(ctx).QueryContext(ctx, `SELECT ev.id, ev.region_code, ev.title, ev.kind, ev.held_on, ev.place, COALESCE(ev.organizer_department_id, 0), ev.notes, ev.created_at, COALESCE(d.name, ''),
		(SELECT COUNT(*) FROM event_enterprises x WHERE x.event_id = ev.id),
		(SELECT COUNT(*) FROM cases c WHERE c.event_id = ev.id),
		(SELECT COUNT(*) FROM cases c WHERE c.event_id = ev.id AND c.status IN ('resolved', 'confirmed', 'closed')),
		(SELECT COUNT(DISTINCT g.enterprise_id) FROM cost_guidance g WHERE g.event_id = ev.id),
		(SELECT COALESCE(SUM(g.estimated_saving_yuan), 0) FROM cost_guidance g WHERE g.event_id = ev.id)
		FROM events ev LEFT JOIN departments d ON d.id = ev.organizer_department_id`+w.sql()+
		" ORDER BY ev.held_on DESC, ev.id DESC LIMIT "+strconv.Itoa(max(1, limit)), w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*EventLedgerRow{}
	for rows.Next() {
		var r EventLedgerRow
		if err := rows.Scan(&r.ID, &r.RegionCode, &r.Title, &r.Kind, &r.HeldOn, &r.Place, &r.OrganizerDepartmentID, &r.Notes, &r.CreatedAt, &r.Organizer,
			&r.Enterprises, &r.Consultations, &r.Answered, &r.Guided, &r.SavingYuan); err != nil {
			return nil, interpretError(err)
		}
		r.CreatedAt, r.InvitedDepartmentIDs, r.EnterpriseIDs = r.CreatedAt.UTC(), []int64{}, []int64{}
		out = append(out, &r)
	}
	return out, interpretError(rows.Err())
}

// EventCase is a consultation taken at an event.
type EventCase struct {
	ID     int64            `json:"id"`
	Number string           `json:"number"`
	Title  string           `json:"title"`
	Status model.CaseStatus `json:"status"`
}

// EventGuidance is cost-reduction guidance given at an event.
type EventGuidance struct {
	EnterpriseID   int64  `json:"enterprise_id"`
	EnterpriseName string `json:"enterprise_name"`
	Area           string `json:"area"`
	SavingYuan     int64  `json:"estimated_saving_yuan"`
	Note           string `json:"note"`
}

// EventDetail is an event with its departments, enterprises,
// consultations and guidance.
type EventDetail struct {
	*EventLedgerRow
	Invited       []string           `json:"invited_departments"`
	Participants  []*EnterpriseBrief `json:"-"`
	Consultations []*EventCase       `json:"consultations"`
	Guidance      []*EventGuidance   `json:"guidance"`
}

// Event returns one event of a region subtree; ErrNotFound outside it.
func (s *Store) Event(ctx context.Context, prefix string, id int64) (*EventDetail, error) {
	var w where
	w.prefix("ev.region_code", prefix)
	w.add("ev.id = ?", id)
	list, err := s.eventRows(ctx, w, 1)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	d := &EventDetail{EventLedgerRow: list[0], Invited: []string{}, Participants: []*EnterpriseBrief{}, Consultations: []*EventCase{}, Guidance: []*EventGuidance{}}
	err = sideBySide(
		func() error {
			rows, err := s.lists(ctx).QueryContext(ctx, `SELECT dp.name FROM event_departments x JOIN departments dp ON dp.id = x.department_id
				WHERE x.event_id = $1 AND x.role = 'invited' ORDER BY dp.name`, id)
			if err != nil {
				return interpretError(err)
			}
			defer rows.Close()
			for rows.Next() {
				var n string
				if err := rows.Scan(&n); err != nil {
					return interpretError(err)
				}
				d.Invited = append(d.Invited, n)
			}
			return interpretError(rows.Err())
		},
		func() (err error) {
			d.Participants, err = s.queryBriefs(ctx, `SELECT e.id, e.name, e.region_code, COALESCE(e.township_code, '') FROM event_enterprises x
				JOIN enterprises e ON e.id = x.enterprise_id WHERE x.event_id = $1 ORDER BY e.name`, id)
			return err
		},
		func() error {
			rows, err := s.lists(ctx).QueryContext(ctx, "SELECT id, number, title, status FROM cases WHERE event_id = $1 ORDER BY id", id)
			if err != nil {
				return interpretError(err)
			}
			defer rows.Close()
			for rows.Next() {
				var c EventCase
				if err := rows.Scan(&c.ID, &c.Number, &c.Title, &c.Status); err != nil {
					return interpretError(err)
				}
				d.Consultations = append(d.Consultations, &c)
			}
			return interpretError(rows.Err())
		},
		func() error {
			rows, err := s.lists(ctx).QueryContext(ctx, `SELECT g.enterprise_id, e.name, g.area, g.estimated_saving_yuan, g.note FROM cost_guidance g
				JOIN enterprises e ON e.id = g.enterprise_id WHERE g.event_id = $1 ORDER BY e.name, g.id`, id)
			if err != nil {
				return interpretError(err)
			}
			defer rows.Close()
			for rows.Next() {
				var g EventGuidance
				if err := rows.Scan(&g.EnterpriseID, &g.EnterpriseName, &g.Area, &g.SavingYuan, &g.Note); err != nil {
					return interpretError(err)
				}
				d.Guidance = append(d.Guidance, &g)
			}
			return interpretError(rows.Err())
		},
	)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// EnterpriseEvents lists the events an enterprise took part in, newest first.
func (s *Store) EnterpriseEvents(ctx context.Context, enterpriseID int64, limit int) ([]*EventLedgerRow, error) {
	var w where
	w.add("EXISTS (SELECT 1 FROM event_enterprises x WHERE x.event_id = ev.id AND x.enterprise_id = ?)", enterpriseID)
	return s.eventRows(ctx, w, limit)
}
