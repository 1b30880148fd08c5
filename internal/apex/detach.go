package apex

import (
	"reflect"
	"strings"
	"unsafe"
)

// Parse reads the source through a string that shares the bytes of src
// (no copy of the file), and the strings it keeps (names, literals, refs)
// are substrings of it. detach copies those, and only those, into strings
// of their own once the scan is done, so the result holds no reference to
// src: the file's bytes are garbage as soon as the caller drops them,
// instead of being kept alive for the whole run by a few short names
// (measured at 8x the benchmark org: most of the live heap). It walks the
// result by reflection, so a field added to the model later is detached
// too.
func detach(v any, src string) {
	if len(src) == 0 {
		return
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(src)))
	hi := lo + uintptr(len(src))
	d := detacher{lo: lo, hi: hi}
	d.walk(reflect.ValueOf(v))
}

type detacher struct{ lo, hi uintptr }

func (d detacher) shares(s string) bool {
	if len(s) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	return p >= d.lo && p < d.hi
}

func (d detacher) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			d.walk(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() || f.Kind() != reflect.String {
				d.walk(f)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			d.walk(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 {
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			k := reflect.New(v.Type().Key()).Elem()
			k.Set(it.Key())
			d.walk(k)
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			d.walk(e)
			m.SetMapIndex(k, e)
		}
		if v.CanSet() {
			v.Set(m)
		}
	case reflect.String:
		if v.CanSet() && d.shares(v.String()) {
			v.SetString(strings.Clone(v.String()))
		}
	}
}

// sharedString returns a string holding the bytes of b without copying
// them. b must not change while the string is in use.
func sharedString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}
