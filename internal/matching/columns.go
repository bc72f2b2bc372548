package matching

import (
	"fmt"
	"math"
	"slices"
)

// blockWords is how many 64-row words one block of the columnar engine
// covers. 16 words (1,024 enterprises) keeps a worker's true/false bitsets
// of a thousand policies' predicates within the core's cache.
const (
	blockWords = 16
	blockRows  = blockWords * 64
)

// Columns holds many enterprises' attribute values column by column, the
// layout the batch matcher reads: a []float64 per numeric attribute (NaN
// for unknown; booleans 0/1, dates as epoch days), dictionary codes per
// text attribute (0 for unknown), and a bitset per tag. A column nobody
// set is unknown for every enterprise and costs nothing.
type Columns struct {
	n        int
	num      [][]float64
	code     [][]uint32
	dict     []map[string]uint32
	words    [][]string // code → text; words[a][0] is unused
	tagKnown [][]uint64
	tagBits  []map[string][]uint64
}

// NewColumns makes room for n enterprises, all unknown.
func NewColumns(n int) *Columns {
	return &Columns{
		n:        n,
		num:      make([][]float64, len(attributes)),
		code:     make([][]uint32, len(attributes)),
		dict:     make([]map[string]uint32, len(attributes)),
		words:    make([][]string, len(attributes)),
		tagKnown: make([][]uint64, len(attributes)),
		tagBits:  make([]map[string][]uint64, len(attributes)),
	}
}

// Len is the number of enterprises.
func (c *Columns) Len() int { return c.n }

func (c *Columns) padded() int { return (c.n + blockRows - 1) / blockRows * blockRows }

func attrOf(name string, kinds ...Kind) (int, error) {
	i, ok := attrIndex[name]
	if !ok {
		return 0, fmt.Errorf("未知属性「%s」", name)
	}
	if !slices.Contains(kinds, attributes[i].Kind) {
		return 0, fmt.Errorf("属性「%s」的类型是%s", name, attributes[i].Kind.Label())
	}
	return i, nil
}

// Numbers is the column of a numeric, date or boolean attribute, to fill
// in place (NaN for unknown). Its length is Len rounded up to a block;
// the rows past Len must stay NaN.
func (c *Columns) Numbers(attr string) ([]float64, error) {
	i, err := attrOf(attr, Number, Ratio, Int, Date, Bool)
	if err != nil {
		return nil, err
	}
	return c.numCol(i), nil
}

func (c *Columns) numCol(i int) []float64 {
	if c.num[i] == nil {
		col := make([]float64, c.padded())
		nan := math.NaN()
		for j := range col {
			col[j] = nan
		}
		c.num[i] = col
	}
	return c.num[i]
}

// SetText sets a text attribute of one enterprise.
func (c *Columns) SetText(attr string, row int, s string) error {
	i, err := attrOf(attr, String)
	if err != nil {
		return err
	}
	c.setText(i, row, s)
	return nil
}

func (c *Columns) setText(i, row int, s string) {
	if c.code[i] == nil {
		c.code[i] = make([]uint32, c.padded())
		c.dict[i] = map[string]uint32{}
		c.words[i] = []string{""}
	}
	code, ok := c.dict[i][s]
	if !ok {
		code = uint32(len(c.words[i]))
		c.dict[i][s] = code
		c.words[i] = append(c.words[i], s)
	}
	c.code[i][row] = code
}

// SetTags sets the tag set of one enterprise (known, possibly empty).
func (c *Columns) SetTags(attr string, row int, tags []string) error {
	i, err := attrOf(attr, Tags)
	if err != nil {
		return err
	}
	c.setTags(i, row, tags)
	return nil
}

func (c *Columns) setTags(i, row int, tags []string) {
	words := c.padded() / 64
	if c.tagKnown[i] == nil {
		c.tagKnown[i] = make([]uint64, words)
		c.tagBits[i] = map[string][]uint64{}
	}
	w, bit := row/64, uint64(1)<<(row%64)
	c.tagKnown[i][w] |= bit
	for _, bits := range c.tagBits[i] {
		bits[w] &^= bit
	}
	for _, t := range tags {
		bits := c.tagBits[i][t]
		if bits == nil {
			bits = make([]uint64, words)
			c.tagBits[i][t] = bits
		}
		bits[w] |= bit
	}
}

// Set copies everything a profile knows into row.
func (c *Columns) Set(row int, p *Profile) {
	for i := range attributes {
		cl := &p.cells[i]
		switch attributes[i].Kind {
		case String:
			if cl.known {
				c.setText(i, row, cl.str)
			} else if c.code[i] != nil {
				c.code[i][row] = 0
			}
		case Tags:
			if cl.known {
				c.setTags(i, row, cl.tags)
			} else if c.tagKnown[i] != nil {
				c.tagKnown[i][row/64] &^= 1 << (row % 64)
			}
		default:
			if cl.known {
				c.numCol(i)[row] = cl.num
			} else if c.num[i] != nil {
				c.num[i][row] = math.NaN()
			}
		}
	}
}
