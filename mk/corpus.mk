# The corpus test: every DTB of Debian 12's arm64 and armmp kernel packages,
# planned, applied, checked and re-applied per PCIe host, and judged by the
# Linux model (test/corpus/suite.sh, doc/corpus.md).
#
#   make corpus         run the suite alone
#   make corpus-table   the same, then the outcome table for doc/corpus.md

CORPUS_JUDGE	:= $(BUILD)/host/corpus/judge
export CORPUS_JUDGE

.PHONY: corpus corpus-judge corpus-table
corpus-judge: deps $(CORPUS_JUDGE)

$(CORPUS_JUDGE): $(TOP)/test/corpus/judge.c $(TOP)/test/unit/linuxmodel.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -I$(TOP)/test/unit -o $@ $< $(HOST_LIBS)

corpus: deps
	@$(TOP)/test/corpus/suite.sh

corpus-table: deps
	@CORPUS_TABLE=$(BUILD)/corpus/table.md $(TOP)/test/corpus/suite.sh
	@echo "table: $(BUILD)/corpus/table.md"
