# tests/locale/i18n-lib.sh: sourced after tests/lib.sh by a test that runs
# tidende in Norwegian.  Builds the nb_NO.UTF-8 and nn_NO.UTF-8 locales
# with localedef into $T/loc (skipping the test when that cannot be done)
# and compiles po/nb.po and po/nn.po into $T/msgs/LL/LC_MESSAGES, found by
# tidende through TIDENDE_LOCALEDIR.  Then `nb CMD...` and `nn CMD...`
# run a command in that language (TZ=UTC), `en CMD...` in C.UTF-8.
command -v localedef >/dev/null 2>&1 || plan_skip "localedef not installed"
command -v msgfmt >/dev/null 2>&1 || plan_skip "msgfmt (gettext) not installed"
mkdir -p "$T/loc"
for l in nb nn; do
	[ -f /usr/share/i18n/locales/${l}_NO ] ||
	    plan_skip "no ${l}_NO locale source in /usr/share/i18n/locales"
	localedef -i ${l}_NO -f UTF-8 "$T/loc/${l}_NO.UTF-8" \
	    >"$T/localedef.out" 2>&1
	[ -d "$T/loc/${l}_NO.UTF-8" ] || plan_skip \
	    "localedef could not build ${l}_NO.UTF-8: $(head -1 "$T/localedef.out")"
	mkdir -p "$T/msgs/$l/LC_MESSAGES"
	msgfmt -c -o "$T/msgs/$l/LC_MESSAGES/tidende.mo" \
	    "$TOP_SRCDIR/po/$l.po" ||
	    { echo "Bail out! po/$l.po does not compile"; exit 1; }
done
# glibc's setlocale keeps the LOCPATH directory list it splits for the
# life of the process; LeakSanitizer would report it at exit
echo 'leak:__argz_add_sep' > "$T/lsan.supp"
i18n_env="TZ=UTC LOCPATH=$T/loc TIDENDE_LOCALEDIR=$T/msgs LANGUAGE= LSAN_OPTIONS=suppressions=$T/lsan.supp:print_suppressions=0"
nb() { env $i18n_env LC_ALL=nb_NO.UTF-8 LANG=nb_NO.UTF-8 "$@"; }
nn() { env $i18n_env LC_ALL=nn_NO.UTF-8 LANG=nn_NO.UTF-8 "$@"; }
en() { env $i18n_env LC_ALL=C.UTF-8 LANG=C.UTF-8 "$@"; }
