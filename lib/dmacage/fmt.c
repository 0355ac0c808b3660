// SPDX-License-Identifier: GPL-2.0+
/*
 * A freestanding snprintf subset for the core's messages. U-Boot has its own
 * vsnprintf, but the core also builds on the host without stdio rules and
 * needs %H (sizes in human units), so it carries this small one.
 */
#include <dmacage/dmacage.h>

/* Output cursor: counts the full length, stores only what fits. */
struct dmc_out {
	char *buf;
	size_t size;
	size_t len;
};

static void dmc_putc(struct dmc_out *o, char c)
{
	if (o->size && o->len < o->size - 1)
		o->buf[o->len] = c;
	o->len++;
}

static void dmc_pad(struct dmc_out *o, char c, int n)
{
	while (n-- > 0)
		dmc_putc(o, c);
}

/*
 * One converted field: @s of @n chars, padded to @width. Zero padding goes
 * after a sign or "0x" prefix of @prefix chars, as printf does.
 */
static void dmc_field(struct dmc_out *o, const char *s, int n, int width,
		      bool left, bool zero, int prefix)
{
	int pad = width > n ? width - n : 0;
	int i;

	if (left) {
		for (i = 0; i < n; i++)
			dmc_putc(o, s[i]);
		dmc_pad(o, ' ', pad);
		return;
	}
	if (zero) {
		for (i = 0; i < prefix; i++)
			dmc_putc(o, s[i]);
		dmc_pad(o, '0', pad);
		for (; i < n; i++)
			dmc_putc(o, s[i]);
		return;
	}
	dmc_pad(o, ' ', pad);
	for (i = 0; i < n; i++)
		dmc_putc(o, s[i]);
}

/* Digits of @v in @base, written backwards from @end. Return: the start. */
static char *dmc_utoa(char *end, uint64_t v, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		*--end = digits[v % base];
		v /= base;
	} while (v);
	return end;
}

/* @s copied in front of @end. Return: the start. */
static char *dmc_prepend(char *end, const char *s)
{
	size_t n = strlen(s);

	return memcpy(end - n, s, n);
}

/*
 * %H: the largest binary unit in which @v is exact with at most one decimal
 * ("36 MiB", "1.5 GiB", "37120 KiB"), else plain bytes ("1000 B"). Exact,
 * because these numbers end up in plans that people compare. Written
 * backwards from @end like dmc_utoa(), not through dmc_fmt(): a nested
 * formatter would double the stack of every message. Return: the start.
 */
static char *dmc_human(char *end, uint64_t v)
{
	static const char *const units[] = { " EiB", " PiB", " TiB", " GiB",
					     " MiB", " KiB" };
	unsigned int i, shift;

	for (i = 0, shift = 60; i < 6; i++, shift -= 10) {
		uint64_t unit = 1ULL << shift;
		uint64_t frac = v & (unit - 1);

		/* frac < 2^60, so frac * 10 cannot overflow */
		if (v < unit || (frac * 10) % unit)
			continue;
		end = dmc_prepend(end, units[i]);
		if (frac) {
			*--end = (char)('0' + frac * 10 / unit);
			*--end = '.';
		}
		return dmc_utoa(end, v >> shift, 10, false);
	}
	return dmc_utoa(dmc_prepend(end, " B"), v, 10, false);
}

/*
 * %M: a size in MiB with one decimal, cut down ("859.6 MiB", "884 MiB"), for
 * messages that compare two sizes: both then read in one unit. Below 1 MiB,
 * as %H. Return: the start.
 */
static char *dmc_mib(char *end, uint64_t v)
{
	uint64_t tenths = (v & ((1ULL << 20) - 1)) * 10 >> 20;

	if (v < (1ULL << 20))
		return dmc_human(end, v);
	end = dmc_prepend(end, " MiB");
	if (tenths) {
		*--end = (char)('0' + tenths);
		*--end = '.';
	}
	return dmc_utoa(end, v >> 20, 10, false);
}

struct dmc_spec {
	bool left;
	bool zero;
	int width;
	int prec;		/* -1 = none; only %s uses it */
	int lng;		/* 0, 1 = l, 2 = ll, 3 = z */
};

static const char *dmc_parse_spec(const char *f, struct dmc_spec *sp,
				  va_list *ap)
{
	sp->left = sp->zero = false;
	sp->width = 0;
	sp->prec = -1;
	sp->lng = 0;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	if (*f == 'z') {
		sp->lng = 3;
		f++;
	} else {
		while (*f == 'l' && sp->lng < 2) {
			sp->lng++;
			f++;
		}
	}
	return f;
}

static uint64_t dmc_arg_u(va_list *ap, int lng)
{
	switch (lng) {
	case 1:
		return va_arg(*ap, unsigned long);
	case 2:
		return va_arg(*ap, unsigned long long);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t dmc_arg_d(va_list *ap, int lng)
{
	switch (lng) {
	case 1:
		return va_arg(*ap, long);
	case 2:
		return va_arg(*ap, long long);
	case 3:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

/*
 * One conversion: a %s argument as it is, anything else written backwards
 * into @tmp. Every kind ends in the one dmc_field() call, which the
 * compiler then folds in here: a message costs one formatter frame.
 * Return: false for an unknown one (printed verbatim).
 */
static bool dmc_convert(struct dmc_out *o, char conv, struct dmc_spec *sp,
			va_list *ap)
{
	/* the longest conversion: %H of 2^64 - 1, "18446744073709551615 B" */
	char tmp[24], *end = tmp + sizeof(tmp), *s = end;
	const char *str = NULL;	/* a %s argument; else the text is [s, end) */
	int64_t d;
	int n = 0, prefix = 0;

	switch (conv) {
	case 's':
		str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		n = sp->prec >= 0 ? (int)strnlen(str, sp->prec) :
				    (int)strlen(str);
		sp->zero = false;	/* only numbers pad with zeros */
		break;
	case 'c':
		*--s = (char)va_arg(*ap, int);
		sp->zero = false;
		break;
	case 'd':
	case 'i':
		d = dmc_arg_d(ap, sp->lng);
		/* negate in unsigned arithmetic: INT64_MIN has no positive */
		s = dmc_utoa(end, d < 0 ? -(uint64_t)d : (uint64_t)d, 10, false);
		if (d < 0) {
			*--s = '-';
			prefix = 1;
		}
		break;
	case 'u':
		s = dmc_utoa(end, dmc_arg_u(ap, sp->lng), 10, false);
		break;
	case 'x':
	case 'X':
		s = dmc_utoa(end, dmc_arg_u(ap, sp->lng), 16, conv == 'X');
		break;
	case 'p':
		s = dmc_utoa(end, (uintptr_t)va_arg(*ap, void *), 16, false);
		*--s = 'x';
		*--s = '0';
		prefix = 2;
		break;
	case 'H':
	case 'M':
		s = conv == 'H' ? dmc_human(end, va_arg(*ap, uint64_t)) :
				  dmc_mib(end, va_arg(*ap, uint64_t));
		sp->zero = false;	/* "%08H" pads with spaces */
		break;
	default:
		return false;
	}
	if (!str) {
		str = s;
		n = (int)(end - s);
	}
	dmc_field(o, str, n, sp->width, sp->left, sp->zero, prefix);
	return true;
}

int dmc_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct dmc_out o = { .buf = buf, .size = size, .len = 0 };
	struct dmc_spec sp;
	const char *start;
	va_list aq;

	/* a va_list copy so the helpers can take its address portably */
	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			dmc_putc(&o, *fmt++);
			continue;
		}
		start = fmt++;
		if (*fmt == '%') {
			dmc_putc(&o, *fmt++);
			continue;
		}
		fmt = dmc_parse_spec(fmt, &sp, &aq);
		if (*fmt && dmc_convert(&o, *fmt, &sp, &aq)) {
			fmt++;
			continue;
		}
		/* unknown conversion: show it rather than guess */
		while (start < fmt)
			dmc_putc(&o, *start++);
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int dmc_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = dmc_vfmt(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
