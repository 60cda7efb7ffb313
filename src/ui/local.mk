# ui: draws; never touches a socket.
noinst_LIBRARIES += libui.a
libui_a_SOURCES = \
	src/ui/ui.h \
	src/ui/app.c src/ui/app.h \
	src/ui/build.c src/ui/build.h \
	src/ui/cmd.c \
	src/ui/draw.c \
	src/ui/input.c \
	src/ui/keys.c src/ui/keys.h \
	src/ui/leftovers.c \
	src/ui/lines.c src/ui/lines.h \
	src/ui/load.c \
	src/ui/pick.c src/ui/pick.h \
	src/ui/screen.c src/ui/screen.h \
	src/ui/script.c \
	src/ui/share.c \
	src/ui/view.c src/ui/view.h \
	src/ui/view_build.c \
	src/ui/view_clusters.c \
	src/ui/view_help.c \
	src/ui/view_images.c \
	src/ui/view_pick.c \
	src/ui/view_projects.c
