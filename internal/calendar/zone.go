package calendar

import (
	"time"
	_ "time/tzdata" // the zone works on machines without zoneinfo
)

// Shanghai is the business time zone, Asia/Shanghai (Beijing time): the
// dates users see and type, deadlines and case numbers are in it. It is
// loaded once, here; every package uses this location.
var Shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is embedded
	}
	return loc
}
