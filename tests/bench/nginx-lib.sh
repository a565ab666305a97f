# tests/bench/nginx-lib.sh: a local nginx for the benchmarks, sourced by
# fetch-bench.sh and index-bench.sh (loopback only, never part of `make
# check`).

# nginx_start: serve $W/www from nginx ($NGINX) on a free port of
# 127.0.0.1, with gzip and ETag on and connections kept; its config, pid
# file, log and temporary files under $W.  Sets PORT and NGINX_PID (empty
# when $NGINX is: nothing then listens on PORT).
nginx_start() {
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	_user=
	[ "$(id -u)" = 0 ] && _user="user root;"
	mkdir -p "$W/tmp"
	cat >"$W/nginx.conf" <<NGINXEOF
$_user
worker_processes 1;
pid $W/nginx.pid;
error_log $W/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $W/tmp;
	proxy_temp_path $W/tmp;
	fastcgi_temp_path $W/tmp;
	uwsgi_temp_path $W/tmp;
	scgi_temp_path $W/tmp;
	types { application/rss+xml xml; }
	sendfile on;
	keepalive_requests 100000;
	gzip on;
	gzip_comp_level 1;
	gzip_types application/rss+xml;
	etag on;
	server { listen 127.0.0.1:$PORT; root $W/www; }
}
NGINXEOF
	NGINX_PID=
	[ -n "$NGINX" ] || return 0
	"$NGINX" -c "$W/nginx.conf" -p "$W" -e "$W/nginx-error.log" \
	    -g 'daemon off;' &
	NGINX_PID=$!
}
