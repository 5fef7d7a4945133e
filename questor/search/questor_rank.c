/* Questor's SQLite extension (questor/search/ranking.py compiles it and loads it into each
   SQLite connection; docs/search.md, "Speed").

   bm25() counts, on every query, the rows holding each phrase of the query (its inverse
   document frequency): 10 to 30 ms for a common word at a million posts. This function
   takes the counts from the caller, who counts once (questor.search.engine.rows_holding)
   and keeps them:

     questor_bm25(search_document, weight_column_1, ..., weight_column_n, hits_phrase_1, ...)
         bm25(search_document, weights...) with each phrase's row count given: the same
         score (same formula, same order of operations as fts5_aux.c), without counting.

   And one for writers (docs/benchmarks.md, "Latest round"):

     questor_poll_locks(timeout_ms)
         Replaces this connection's busy handler. SQLite's own, behind busy_timeout, sleeps
         1, 2, 5, 10, 15, 20, 25... ms between tries, so a writer waiting for a write lock
         held about 3 ms sleeps past its release, and the cores idle; this one tries again
         every POLL_MICROSECONDS until timeout_ms. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#ifdef _WIN32
#  define POLL_MICROSECONDS 1000
static void poll_pause(void){ sqlite3_sleep(1); }
#else
#  include <time.h>
#  define POLL_MICROSECONDS 250
static void poll_pause(void){
  struct timespec pause = {0, POLL_MICROSECONDS * 1000};
  nanosleep(&pause, 0);
}
#endif

static int questor_busy(void *pTimeout, int nTry){
  sqlite3_int64 timeout_us = (sqlite3_int64)(intptr_t)pTimeout * 1000;
  if( (sqlite3_int64)nTry * POLL_MICROSECONDS >= timeout_us ) return 0;  /* SQLITE_BUSY */
  poll_pause();
  return 1;
}

static void questor_poll_locks(sqlite3_context *pCtx, int nVal, sqlite3_value **apVal){
  sqlite3_int64 timeout_ms = sqlite3_value_int64(apVal[0]);
  (void)nVal;
  if( timeout_ms<0 || timeout_ms>INT32_MAX ){
    sqlite3_result_error(pCtx, "questor_poll_locks: a timeout in milliseconds", -1);
    return;
  }
  sqlite3_result_int(pCtx, sqlite3_busy_handler(
      sqlite3_context_db_handle(pCtx), questor_busy, (void*)(intptr_t)timeout_ms));
}

typedef struct {
  int nPhrase;
  double avgdl;  /* average row size in tokens, every column */
  double *aIDF;  /* per phrase */
  double *aFreq; /* per phrase, for the current row */
} RankData;

static void questor_bm25(
  const Fts5ExtensionApi *pApi, Fts5Context *pFts, sqlite3_context *pCtx,
  int nVal, sqlite3_value **apVal
){
  const double k1 = 1.2, b = 0.75;  /* as bm25() */
  int nCol = pApi->xColumnCount(pFts);
  int i, rc = SQLITE_OK;
  RankData *pData = (RankData*)pApi->xGetAuxdata(pFts, 0);
  if( pData==0 ){  /* first row of the query */
    int nPhrase = pApi->xPhraseCount(pFts);
    sqlite3_int64 nRow = 0, nToken = 0;
    size_t nByte = sizeof(RankData) + sizeof(double) * (size_t)nPhrase * 2;
    if( nVal!=nCol+nPhrase ){
      sqlite3_result_error(pCtx,
          "questor_bm25: give one weight per column and one row count per phrase", -1);
      return;
    }
    pData = (RankData*)sqlite3_malloc64(nByte);
    if( pData==0 ){ sqlite3_result_error_nomem(pCtx); return; }
    memset(pData, 0, nByte);
    pData->nPhrase = nPhrase;
    pData->aIDF = (double*)&pData[1];
    pData->aFreq = &pData->aIDF[nPhrase];
    rc = pApi->xRowCount(pFts, &nRow);
    if( rc==SQLITE_OK ) rc = pApi->xColumnTotalSize(pFts, -1, &nToken);
    if( rc==SQLITE_OK ) pData->avgdl = (double)nToken / (double)nRow;
    for(i=0; rc==SQLITE_OK && i<nPhrase; i++){
      sqlite3_int64 nHit = sqlite3_value_int64(apVal[nCol+i]);
      double idf = log( (nRow - nHit + 0.5) / (nHit + 0.5) );
      if( idf<=0.0 ) idf = 1e-6;
      pData->aIDF[i] = idf;
    }
    if( rc==SQLITE_OK ) rc = pApi->xSetAuxdata(pFts, pData, sqlite3_free);
    else sqlite3_free(pData);
    if( rc!=SQLITE_OK ){ sqlite3_result_error_code(pCtx, rc); return; }
  }
  {
    int nInst = 0, nTok = 0;
    double score = 0.0, D;
    memset(pData->aFreq, 0, sizeof(double) * (size_t)pData->nPhrase);
    rc = pApi->xInstCount(pFts, &nInst);
    for(i=0; rc==SQLITE_OK && i<nInst; i++){
      int ip, ic, io;
      rc = pApi->xInst(pFts, i, &ip, &ic, &io);
      if( rc==SQLITE_OK ) pData->aFreq[ip] += sqlite3_value_double(apVal[ic]);
    }
    if( rc==SQLITE_OK ) rc = pApi->xColumnSize(pFts, -1, &nTok);
    if( rc!=SQLITE_OK ){ sqlite3_result_error_code(pCtx, rc); return; }
    D = (double)nTok;
    for(i=0; i<pData->nPhrase; i++){
      score += pData->aIDF[i] * (
          ( pData->aFreq[i] * (k1 + 1.0) ) /
          ( pData->aFreq[i] + k1 * (1 - b + b * D / pData->avgdl) )
      );
    }
    sqlite3_result_double(pCtx, -1.0 * score);
  }
}

static fts5_api *fts5_api_of(sqlite3 *db){
  fts5_api *pFts5 = 0;
  sqlite3_stmt *pStmt = 0;
  if( sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &pStmt, 0)==SQLITE_OK ){
    sqlite3_bind_pointer(pStmt, 1, (void*)&pFts5, "fts5_api_ptr", 0);
    sqlite3_step(pStmt);
  }
  sqlite3_finalize(pStmt);
  return pFts5;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_questorrank_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi){
  fts5_api *pFts5;
  int rc;
  SQLITE_EXTENSION_INIT2(pApi);
  pFts5 = fts5_api_of(db);
  if( pFts5==0 || pFts5->iVersion<2 ){
    *pzErrMsg = sqlite3_mprintf("questor_rank: this SQLite has no FTS5");
    return SQLITE_ERROR;
  }
  rc = pFts5->xCreateFunction(pFts5, "questor_bm25", 0, questor_bm25, 0);
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_function(db, "questor_poll_locks", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                 0, questor_poll_locks, 0, 0);
  }
  return rc;
}
