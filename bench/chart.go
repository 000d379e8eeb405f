package main

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// wall-time.svg: the apply wall time against N, one series per kind of
// apply, drawn by hand (no plotting dependency).

// niceCeil rounds v up to 1, 2 or 5 × 10^k.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*e {
			return m * e
		}
	}
	return 10 * e
}

func renderSVG(rep *Report) string {
	const (
		width, height            = 920, 480
		left, right, top, bottom = 70, 310, 56, 60
	)
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	rs := rep.Results
	if len(rs) == 0 {
		return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="80" viewBox="0 0 %d 80" font-family="Helvetica, Arial, sans-serif" font-size="13">`+"\n"+
			`<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n"+
			`<text x="20" y="44">Figures 1–4 were not measured in this run (%s).</text>`+"\n</svg>\n", width, width, html.EscapeString(rep.Date))
	}
	maxN := float64(rs[len(rs)-1].N)
	maxT := 0.0
	for _, r := range rs {
		for _, set := range [][]Sample{r.ContactApply, r.DataApply, r.LatencyApply} {
			_, hi := minMax(set)
			maxT = max(maxT, hi)
		}
		maxT = max(maxT, r.FloorSeconds)
		if r.DefaultRate != nil {
			maxT = max(maxT, r.DefaultRate.Seconds)
		}
	}
	// y axis: 5 or so steps of a nice size.
	step := niceCeil(maxT / 5)
	yMax := math.Ceil(maxT/step) * step
	xMax := maxN
	x := func(n float64) float64 { return float64(left) + n/xMax*plotW }
	y := func(t float64) float64 { return float64(top) + plotH - t/yMax*plotH }

	var w strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&w, format, args...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="12">`+"\n",
		width, height, width, height)
	p(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	p(`<text x="%d" y="22" font-size="15" font-weight="bold">terraform apply wall time against N</text>`+"\n", left)
	p(`<text x="%d" y="40" fill="#555">median of %d runs below N = %d, %d run(s) from there (bars: min–max), -parallelism %d, %d CPUs, %s</text>`+"\n",
		left, rep.Reps, largeN, rep.RepsLarge, rep.Parallelism, rep.Machine.CPUs, html.EscapeString(rep.Date))

	// grid and axes
	for t := 0.0; t <= yMax+step/2; t += step {
		p(`<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e4e4e4"/>`+"\n", left, y(t), float64(left)+plotW, y(t))
		p(`<text x="%d" y="%.1f" text-anchor="end" fill="#333">%s</text>`+"\n", left-8, y(t)+4, trimFloat(t))
	}
	p(`<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>`+"\n", left, y(0), float64(left)+plotW, y(0))
	p(`<line x1="%d" y1="%d" x2="%d" y2="%.1f" stroke="#333"/>`+"\n", left, top, left, y(0))
	p(`<text x="%d" y="%.1f" text-anchor="end" fill="#333">0</text>`+"\n", left, y(0)+18)
	for _, r := range rs {
		p(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>`+"\n", x(float64(r.N)), y(0), x(float64(r.N)), y(0)+5)
		p(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333">%d</text>`+"\n", x(float64(r.N)), y(0)+18, r.N)
	}
	p(`<text x="%.1f" y="%d" text-anchor="middle">N (resources)</text>`+"\n", float64(left)+plotW/2, height-18)
	p(`<text transform="translate(20 %.1f) rotate(-90)" text-anchor="middle">wall time (s)</text>`+"\n", float64(top)+plotH/2)

	type series struct {
		label, color, dash string
		pick               func(*Result) []Sample
		value              func(*Result) float64
	}
	all := []series{
		{"bestsms_contact (no rate limit)", "#1f77b4", "", func(r *Result) []Sample { return r.ContactApply }, nil},
		{"terraform_data (baseline)", "#7f7f7f", "", func(r *Result) []Sample { return r.DataApply }, nil},
		{"bestsms_contact, mock at " + rep.Latency + " latency", "#ff7f0e", "", func(r *Result) []Sample { return r.LatencyApply }, nil},
		{fmt.Sprintf("floor N × %s / %d", rep.Latency, rep.Parallelism), "#ff7f0e", "6 4", nil, func(r *Result) float64 { return r.FloorSeconds }},
		{"bestsms_contact, plugin logs at TRACE", "#17becf", "", func(r *Result) []Sample { return r.TraceApply }, nil},
		{fmt.Sprintf("target: %.1f × terraform_data", targetRatio), "#7f7f7f", "2 4", nil, func(r *Result) float64 { return targetRatio * median(r.DataApply) }},
	}
	shown := all[:0]
	for _, s := range all {
		missing := false
		for _, r := range rs {
			missing = missing || (s.pick != nil && len(s.pick(r)) == 0)
		}
		if !missing {
			shown = append(shown, s)
		}
	}
	all = shown
	for i, s := range all {
		val := s.value
		if val == nil {
			val = func(r *Result) float64 { return median(s.pick(r)) }
		}
		var pts []string
		for _, r := range rs {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(float64(r.N)), y(val(r))))
		}
		dash := ""
		if s.dash != "" {
			dash = fmt.Sprintf(` stroke-dasharray="%s"`, s.dash)
		}
		p(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n", strings.Join(pts, " "), s.color, dash)
		if s.pick != nil {
			for _, r := range rs {
				lo, hi := minMax(s.pick(r))
				cx := x(float64(r.N))
				p(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`+"\n", cx, y(lo), cx, y(hi), s.color)
				p(`<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>%s, N = %d: %.2f s</title></circle>`+"\n",
					cx, y(val(r)), s.color, html.EscapeString(s.label), r.N, val(r))
			}
		}
		ly := float64(top) + 10 + float64(i)*22
		lx := float64(width-right) + 20
		p(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"%s/>`+"\n", lx, ly, lx+26, ly, s.color, dash)
		p(`<text x="%.1f" y="%.1f">%s</text>`+"\n", lx+32, ly+4, html.EscapeString(s.label))
	}
	// the informational default-limit point
	i := len(all)
	for _, r := range rs {
		if r.DefaultRate == nil {
			continue
		}
		cx, cy := x(float64(r.N)), y(r.DefaultRate.Seconds)
		p(`<path d="M %.1f %.1f l 5 -9 l 5 9 z" fill="#d62728"><title>default limit %d/s, N = %d: %.2f s</title></path>`+"\n",
			cx-5, cy+4, defaultRateLimit, r.N, r.DefaultRate.Seconds)
		ly := float64(top) + 10 + float64(i)*22
		lx := float64(width-right) + 20
		p(`<path d="M %.1f %.1f l 5 -9 l 5 9 z" fill="#d62728"/>`+"\n", lx+8, ly+4)
		p(`<text x="%.1f" y="%.1f">bestsms_contact, default limit %d/s</text>`+"\n", lx+32, ly+4, defaultRateLimit)
	}
	p("</svg>\n")
	return w.String()
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}
