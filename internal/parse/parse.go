// Package parse turns the files found by discovery (internal/project) into
// the typed model (internal/model). It is the only place metadata files are
// read from disk.
//
// Each file is read and parsed on its own, in parallel, and every failure
// stays local to its file: a file that cannot be read, is too large, or
// makes the parser panic becomes a model.Notice; XML that Salesforce would
// reject (not well-formed, wrong root element, a missing required element)
// becomes a model.Problem. The results are assembled in a fixed order
// afterwards, so the Tree is the same for any number of workers.
//
// Shortcuts taken for speed, by design:
//   - A Profile is parsed only when its bytes contain
//     "externalCredentialPrincipalAccesses" or "UserExternalCredential";
//     otherwise it is counted as scanned and kept with Meta only (Meta.Root
//     is then a whole-file span without position, and the file is not
//     checked for well-formedness). Of a parsed profile only the
//     UserExternalCredential object permissions are kept.
//   - A Flow is parsed only when its bytes contain "<actionCalls"; a flow
//     without action calls cannot make a callout, so it is kept with Meta
//     only, like a skipped profile.
//
// Other decisions:
//   - A component whose file is not well-formed or has the wrong root
//     element, or could not be read at all (a Notice says why), is still
//     added, with Meta only and Meta.Unparsed set (Root is the whole file
//     when the XML could not be read), so references to it do not dangle
//     and rules know its content is unknown (see unread.go).
//   - All files of one permission set (the parent X.permissionset-meta.xml
//     and the fragments under permissionsets/X/, in either decompose
//     layout) merge into one model.PermissionSet; every entry keeps the
//     span of the file it came from. Fragments need no <label>.
//   - A certificate's X.crt is read with its X.crt-meta.xml when it sits in
//     the same folder; a .crt without a meta file is ignored, as the
//     Salesforce CLI ignores it.
//   - A .dataSource-meta.xml whose root is <DataSource> is Data Cloud's
//     DataSource type (same suffix, folder mktDataSources/), not an
//     ExternalDataSource: it is left out without a problem.
//   - Two credential components (see duplicateChecked) of one kind whose
//     names differ only in case are duplicates (Salesforce names are case-insensitive); the first file in
//     path order is the original, each other one gets a Problem.
//   - When a single-valued element is repeated, the first one is used.
//   - Files are parsed in parallel only while the nodes they may hold
//     (a quarter of their size, at most Options.MaxNodes each) fit in a
//     budget of Options.MaxNodes, so peak memory is about that of one file
//     at the node limit whatever the number of workers.
package parse

import (
	"fmt"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
	"github.com/nclint/nclint/internal/xmlpos"
)

// DefaultMaxFileSize is the largest file read when Options.MaxFileSize is
// zero: 50 MiB, above any real metadata file. The memory a file's tree may
// take is bounded by the node limit (Options.MaxNodes), not by its size.
const DefaultMaxFileSize int64 = 50 << 20

// Options tune Tree.
type Options struct {
	// Workers is the number of files parsed at once; 0 means GOMAXPROCS.
	Workers int
	// MaxFileSize is the largest file read, in bytes; 0 means
	// DefaultMaxFileSize. Larger files are skipped with a Notice.
	MaxFileSize int64
	// MaxNodes is the largest number of XML nodes read from one file
	// (xmlpos.Options.MaxNodes); 0 means xmlpos.DefaultMaxNodes. A file
	// with more is a Problem and its component is Unparsed. It is also the
	// budget of nodes that files parsed at the same time may reserve.
	MaxNodes int
	// MaxTokens is the largest number of tokens read from one Apex file
	// (apex.Options.MaxTokens); 0 means apex.DefaultMaxTokens. A file with
	// more is a Problem and its component is Unparsed.
	MaxTokens int
	// Cache, when set, supplies the results of files unchanged since an
	// earlier run and keeps this run's (see cache.go). Overlaid files
	// never use it.
	Cache *Cache
	// Overlay, when set, is asked first for each file's content by its
	// absolute path (project.File.Abs): an editor's unsaved documents.
	// When it returns ok, those bytes are parsed instead of the file on
	// disk (the size limit still applies). Discovery still decides which
	// files exist. It is called from several goroutines at once.
	Overlay func(abs string) (data []byte, ok bool)
}

// Tree reads and parses every file of p and returns the model. It never
// fails as a whole: per-file trouble is reported in Tree.Problems and
// Tree.Notices. The output is deterministic: component slices are sorted
// by Name then File, Problems by span, Notices by file.
func Tree(p *project.Project, opts Options) *model.Tree {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.MaxNodes <= 0 {
		opts.MaxNodes = xmlpos.DefaultMaxNodes
	}

	t := &model.Tree{Root: p.Root, Settings: p.Settings}
	t.Problems = append(t.Problems, p.Problems...)
	t.Notices = append(t.Notices, p.Notices...)

	jobs := planJobs(p.Files)
	results := make([]result, len(jobs))
	b := newBudget(int64(opts.MaxNodes))
	cache := opts.Cache
	if n := cache.notice(); n != nil {
		t.Notices = append(t.Notices, *n)
	}
	if !cache.bind(opts) {
		cache = nil
	}
	now := cacheNow()
	run(len(jobs), opts.Workers, func(i int) {
		jobs[i].maxNodes = opts.MaxNodes
		jobs[i].maxTokens = opts.MaxTokens
		jobs[i].overlay = opts.Overlay
		var kept *cacheEntry // the entry of a file an overlay hides: still right for the disk
		if cache != nil {
			if !jobs[i].overlaid() {
				if res, ok := cache.lookup(jobs[i]); ok {
					results[i] = res
					return
				}
			} else {
				kept = cache.keep(jobs[i])
			}
		}
		r := b.reserve(jobs[i].file.Size)
		results[i] = handle(jobs[i], opts.MaxFileSize, r, opts.Overlay)
		r.release()
		results[i].cacheable = cache != nil && results[i].fromDisk && len(results[i].notices) == 0 && cacheable(jobs[i], now)
		results[i].kept = kept
	})
	cache.update(jobs, results)
	comps, areas := unreadPaths(p.Unread)
	for _, c := range comps {
		results = append(results, result{comp: c})
	}
	t.Unread = areas
	assemble(t, results)
	sortTree(t)
	return t
}

// job is one unit of work: one file, plus for a certificate its .crt.
type job struct {
	file    project.File
	content *project.File // the X.crt beside a X.crt-meta.xml, nil when absent
	// maxNodes is the node limit of the XML reader (0: its default).
	maxNodes int
	// maxTokens is the token limit of the Apex lexer (0: its default).
	maxTokens int
	// overlay is Options.Overlay (nil: none); it also supplies the
	// content file's bytes.
	overlay func(abs string) ([]byte, bool)
}

// overlaid reports whether the overlay supplies the bytes of j's file or
// of its content file (then neither the cache serves j nor keeps it).
func (j job) overlaid() bool {
	_, ok := readOverlay(j.overlay, j.file.Abs)
	return ok || j.contentOverlaid()
}

// contentOverlaid reports whether the overlay supplies the bytes of j's
// content file (a certificate's .crt).
func (j job) contentOverlaid() bool {
	if j.content == nil {
		return false
	}
	_, ok := readOverlay(j.overlay, j.content.Abs)
	return ok
}

// planJobs makes one job per file, except that certificate content files
// ride along with their meta file and a .crt without a meta file is
// ignored, as the Salesforce CLI ignores it.
func planJobs(files []project.File) []job {
	type key struct{ dir, name string }
	contents := make(map[key]*project.File)
	for i := range files {
		f := &files[i]
		if f.Kind == model.KindCertificate && f.Role == project.RoleContent {
			contents[key{path.Dir(f.Path), f.Name}] = f
		}
	}
	jobs := make([]job, 0, len(files))
	for _, f := range files {
		if f.Kind == model.KindCertificate && f.Role == project.RoleContent {
			continue
		}
		j := job{file: f}
		if f.Kind == model.KindCertificate {
			j.content = contents[key{path.Dir(f.Path), f.Name}]
		}
		jobs = append(jobs, j)
	}
	return jobs
}

// run calls fn(i) for i in [0,n) on up to workers goroutines.
func run(n, workers int, fn func(int)) {
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// The memory of files parsed at the same time is bounded by a budget in the
// unit of parseCost, the nodes their trees may hold. The budget equals the
// per-file node limit (Options.MaxNodes), so however many workers run, the
// files being parsed at any moment hold at most as many nodes as one file
// at the limit, while small files (almost all of them) still run in
// parallel.

// parseCost is the budget a file of size bytes reserves while it is read
// and parsed: an upper bound on the nodes the XML reader counts (each takes
// at least four bytes of input, as "<x/>" does). reserve caps it at the
// whole budget.
func parseCost(size int64) int64 {
	return max(size, 0)/4 + 1
}

// budget is a counting semaphore over parseCost units.
type budget struct {
	mu    sync.Mutex
	cond  *sync.Cond
	total int64
	free  int64
	// peak is the most held at once (read by tests).
	peak int64
}

func newBudget(n int64) *budget {
	b := &budget{total: n, free: n}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// reservation is what one job holds of a budget.
type reservation struct {
	b *budget
	n int64
}

// reserve waits until the cost of a file of size bytes is free and takes
// it. A worker holds at most one reservation and no cost exceeds the
// budget, so waiting cannot deadlock.
func (b *budget) reserve(size int64) *reservation {
	n := min(parseCost(size), b.total)
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.free < n {
		b.cond.Wait()
	}
	b.free -= n
	b.peak = max(b.peak, b.total-b.free)
	return &reservation{b: b, n: n}
}

// grow makes r cover a file of size bytes: a file that grew after
// discovery gives back what it held and waits for the larger cost, holding
// nothing while it waits.
func (r *reservation) grow(size int64) {
	if r == nil || min(parseCost(size), r.b.total) <= r.n {
		return
	}
	r.release()
	*r = *r.b.reserve(size)
}

// release gives r back, after the job's tree is garbage. After a large
// file it first collects that garbage: otherwise the collector, paced on
// the heap it last saw (with the tree alive), lets the next large file
// double the peak before it runs.
func (r *reservation) release() {
	if r == nil || r.n == 0 {
		return
	}
	if r.n >= r.b.total/8 {
		runtime.GC()
	}
	r.b.mu.Lock()
	r.b.free += r.n
	r.b.mu.Unlock()
	r.b.cond.Broadcast()
	r.n = 0
}

// cacheNow is the clock the parse cache judges settled files by (tests
// move it forward, since a fresh checkout's files are seconds old).
var cacheNow = time.Now

// fileHook, when set (by tests only), runs before each file is parsed.
var fileHook func(project.File)

// result is what handling one job produced.
type result struct {
	scanned  int
	problems []model.Problem
	notices  []model.Notice
	// suppressions are the nclint-ignore comments of the file.
	suppressions []model.Suppression
	// comp is the component read: *model.NamedCredential, ...,
	// *permSetPart for permission set files, nil when nothing was read.
	comp any
	// fromDisk is set when the file (and a certificate's .crt) was read
	// from disk and parsed (not an editor's overlay, not skipped unread).
	fromDisk bool
	// cacheable is set when the result may be kept in the parse cache;
	// stored when it came from there.
	cacheable, stored bool
	// kept is the cache entry of a file whose content an overlay replaced:
	// it describes the file on disk, so a rewrite of the cache keeps it.
	kept *cacheEntry
}

// handle reads and parses one job. A panic is recovered here and turned
// into a Notice, so one bad file never stops the run.
// r is the job's share of the parse budget, reserved for the size
// discovery saw; it grows when the file read is larger (nil: no budget).
// overlay (nil: none) supplies unsaved content (Options.Overlay).
func handle(j job, maxSize int64, r *reservation, overlay func(string) ([]byte, bool)) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res = result{notices: []model.Notice{{
				File:    j.file.Path,
				Message: fmt.Sprintf("skipped: internal error while parsing this file (%v); please report it", r),
			}}}
			res.comp = unreadComponent(j.file)
		}
	}()
	if (j.file.Kind == model.KindApexClass || j.file.Kind == model.KindApexTrigger) && !isApexSource(j.file.Path) {
		return res // the .cls-meta.xml companion holds nothing nclint needs
	}
	buf := readBuffers.Get().(*[]byte)
	var data []byte
	var notice *model.Notice
	overlaid := false // the caller's bytes: never reused or overwritten
	if d, ok := readOverlay(overlay, j.file.Abs); ok {
		data, overlaid = d, true
		if int64(len(d)) > maxSize {
			notice = &model.Notice{File: j.file.Path, Message: "skipped: " + describeTooLarge(int64(len(d)), maxSize)}
		}
	} else {
		data, notice = readFileInto(j.file, maxSize, *buf)
	}
	if notice != nil {
		readBuffers.Put(buf)
		res.notices = append(res.notices, *notice)
		res.comp = unreadComponent(j.file) // known by name, content unknown
		return res
	}
	r.grow(int64(len(data)))
	res = parseData(j, data, maxSize)
	res.fromDisk = !overlaid && !j.contentOverlaid()
	if overlaid {
		readBuffers.Put(buf)
	} else {
		giveBack(buf, data)
	}
	return res
}

// Files are read into buffers reused from file to file: the bytes of a
// file are not needed once it is parsed, since the model holds only
// strings copied out of them (etree's text, the Apex scanner's detached
// strings, the words of a file that failed). It saves most of what a run
// allocates. A buffer over maxReadBuffer is left to the garbage collector,
// so the pool never pins a large file's memory.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxReadBuffer = 4 << 20

// poisonReadBuffers, set by tests, overwrites each buffer before it is
// reused, so a model that still pointed into a file's bytes would show.
var poisonReadBuffers bool

// giveBack returns the buffer data was read into to the pool.
func giveBack(buf *[]byte, data []byte) {
	if cap(data) > maxReadBuffer {
		return
	}
	if poisonReadBuffers {
		d := data[:cap(data)]
		for i := range d {
			d[i] = 0xA5
		}
	}
	*buf = data[:0]
	readBuffers.Put(buf)
}

// readOverlay asks overlay (nil: none) for the content of the file at abs.
func readOverlay(overlay func(string) ([]byte, bool), abs string) ([]byte, bool) {
	if overlay == nil {
		return nil, false
	}
	return overlay(abs)
}

// parseData parses the bytes of one job's file (already read from disk).
// The certificate content file, if any, is read here with the same limit.
// It does not recover panics: handle does, and fuzz tests want to see them.
func parseData(j job, data []byte, maxSize int64) (res result) {
	res.scanned = 1
	if fileHook != nil {
		fileHook(j.file)
	}
	r := &reader{file: j.file, res: &res, maxNodes: j.maxNodes, maxTokens: j.maxTokens, overlay: j.overlay}
	switch j.file.Kind {
	case model.KindNamedCredential:
		res.comp = r.namedCredential(data)
	case model.KindExternalCredential:
		res.comp = r.externalCredential(data)
	case model.KindPermissionSet, model.KindMutingPermissionSet:
		res.comp = r.permSetPart(data)
	case model.KindPermissionSetGroup:
		res.comp = r.permissionSetGroup(data)
	case model.KindProfile:
		res.comp = r.profile(data)
	case model.KindCertificate:
		res.comp = r.certificate(data, j.content, maxSize)
	case model.KindExternalServiceRegistration:
		res.comp = r.externalService(data)
	case model.KindExternalDataSource:
		if ds := r.dataSource(data); ds != nil {
			res.comp = ds
		} else {
			res.scanned = 0 // a Data Cloud DataSource, not an ExternalDataSource
		}
	case model.KindAuthProvider, model.KindExternalAuthIdentityProvider, model.KindOutboundNetworkConnection:
		res.comp = r.component(data)
	case model.KindFlow:
		res.comp = r.flow(data)
	case model.KindApexClass, model.KindApexTrigger:
		res.comp = r.apex(data)
	case model.KindIdentityProviderSettings:
		res.comp = r.identityProviderSettings(data)
	case model.KindSamlSsoConfig:
		res.comp = r.samlSsoConfig(data)
	case model.KindPlatformEventSubscriberConfig:
		res.comp = r.subscriberConfig(data)
	default:
		res.scanned = 0 // a kind this package does not read
	}
	if r.failed {
		fillScannedSecrets(res.comp, j.file.Path, data)
	}
	switch {
	case r.doc != nil:
		res.suppressions = xmlSuppressions(r.doc, data)
	case (j.file.Kind == model.KindApexClass || j.file.Kind == model.KindApexTrigger) && !r.failed:
		res.suppressions = apexSuppressions(j.file.Path, data)
	}
	return res
}

// assemble adds the job results to t in job order and merges permission
// set files. It also reports duplicate components.
func assemble(t *model.Tree, results []result) {
	var parts []*permSetPart
	for _, res := range results {
		t.FilesScanned += res.scanned
		t.Problems = append(t.Problems, res.problems...)
		t.Notices = append(t.Notices, res.notices...)
		t.Suppressions = append(t.Suppressions, res.suppressions...)
		switch c := res.comp.(type) {
		case *model.NamedCredential:
			t.NamedCredentials = append(t.NamedCredentials, c)
		case *model.ExternalCredential:
			t.ExternalCredentials = append(t.ExternalCredentials, c)
		case *permSetPart:
			parts = append(parts, c)
		case *model.PermissionSetGroup:
			t.PermissionSetGroups = append(t.PermissionSetGroups, c)
		case *model.Profile:
			t.Profiles = append(t.Profiles, c)
		case *model.Certificate:
			t.Certificates = append(t.Certificates, c)
		case *model.ExternalServiceRegistration:
			t.ExternalServiceRegistrations = append(t.ExternalServiceRegistrations, c)
		case *model.ExternalDataSource:
			t.ExternalDataSources = append(t.ExternalDataSources, c)
		case *model.Component:
			switch c.Kind {
			case model.KindAuthProvider:
				t.AuthProviders = append(t.AuthProviders, c)
			case model.KindExternalAuthIdentityProvider:
				t.ExternalAuthIdentityProviders = append(t.ExternalAuthIdentityProviders, c)
			case model.KindOutboundNetworkConnection:
				t.OutboundNetworkConnections = append(t.OutboundNetworkConnections, c)
			}
		case *model.Flow:
			t.Flows = append(t.Flows, c)
		case *model.ApexSource:
			t.Apex = append(t.Apex, c)
		case *model.IdentityProviderSettings:
			t.IdentityProviderSettings = append(t.IdentityProviderSettings, c)
		case *model.SamlSsoConfig:
			t.SamlSsoConfigs = append(t.SamlSsoConfigs, c)
		case *model.PlatformEventSubscriberConfig:
			t.SubscriberConfigs = append(t.SubscriberConfigs, c)
		}
	}
	t.Problems = append(t.Problems, extraMains(parts)...)
	for _, ps := range mergePermSets(parts) {
		switch ps.Kind {
		case model.KindMutingPermissionSet:
			t.MutingPermissionSets = append(t.MutingPermissionSets, ps)
		default:
			t.PermissionSets = append(t.PermissionSets, ps)
		}
	}
	t.Problems = append(t.Problems, duplicates(t.Metas())...)
}

// duplicateChecked are the kinds whose duplicates are reported: the
// credential components nclint reads in full. Duplicate Apex classes,
// flows or profiles are another tool's business (nclint reads only their
// callouts or credential access).
var duplicateChecked = map[model.Kind]bool{
	model.KindNamedCredential: true, model.KindExternalCredential: true, model.KindPermissionSet: true,
	model.KindMutingPermissionSet: true, model.KindPermissionSetGroup: true, model.KindCertificate: true,
	model.KindExternalDataSource: true, model.KindAuthProvider: true, model.KindExternalAuthIdentityProvider: true,
	model.KindOutboundNetworkConnection: true, model.KindExternalServiceRegistration: true,
}

// duplicates reports components defined by more than one file. Salesforce
// names are case-insensitive, so "Foo" and "foo" collide. The first file in
// path order is taken as the original; each other one gets a Problem.
func duplicates(metas []*model.Meta) []model.Problem {
	type key struct {
		kind model.Kind
		name string
	}
	groups := make(map[key][]*model.Meta)
	var order []key
	for _, m := range metas {
		if !duplicateChecked[m.Kind] {
			continue
		}
		k := key{m.Kind, strings.ToLower(m.Name)}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], m)
	}
	var out []model.Problem
	for _, k := range order {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		slices.SortFunc(g, func(a, b *model.Meta) int { return strings.Compare(a.File, b.File) })
		for _, m := range g[1:] {
			sp := m.Root
			if !sp.IsValid() {
				sp = loc.FileSpan(m.File)
			}
			out = append(out, model.Problem{
				Span: sp,
				Message: fmt.Sprintf("duplicate component: %s %q is also defined in %s; Salesforce allows one definition per component",
					m.Kind, m.Name, g[0].File),
			})
		}
	}
	return out
}

func byNameFile(a, b *model.Meta) int {
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return strings.Compare(a.File, b.File)
}

// sortTree puts every slice of t into its documented order.
func sortTree(t *model.Tree) {
	slices.SortStableFunc(t.NamedCredentials, func(a, b *model.NamedCredential) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.ExternalCredentials, func(a, b *model.ExternalCredential) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.PermissionSets, func(a, b *model.PermissionSet) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.MutingPermissionSets, func(a, b *model.PermissionSet) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.PermissionSetGroups, func(a, b *model.PermissionSetGroup) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.Profiles, func(a, b *model.Profile) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.Certificates, func(a, b *model.Certificate) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.ExternalServiceRegistrations, func(a, b *model.ExternalServiceRegistration) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.ExternalDataSources, func(a, b *model.ExternalDataSource) int { return byNameFile(&a.Meta, &b.Meta) })
	for _, s := range [][]*model.Component{t.AuthProviders, t.ExternalAuthIdentityProviders, t.OutboundNetworkConnections} {
		slices.SortStableFunc(s, func(a, b *model.Component) int { return byNameFile(&a.Meta, &b.Meta) })
	}
	slices.SortStableFunc(t.Flows, func(a, b *model.Flow) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.Apex, func(a, b *model.ApexSource) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.IdentityProviderSettings, func(a, b *model.IdentityProviderSettings) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.SamlSsoConfigs, func(a, b *model.SamlSsoConfig) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.SubscriberConfigs, func(a, b *model.PlatformEventSubscriberConfig) int { return byNameFile(&a.Meta, &b.Meta) })
	slices.SortStableFunc(t.Problems, func(a, b model.Problem) int {
		if c := loc.Compare(a.Span, b.Span); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	slices.SortStableFunc(t.Notices, func(a, b model.Notice) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
}
