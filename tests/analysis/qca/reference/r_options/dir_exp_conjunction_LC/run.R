# qualcase reference: dir_exp_conjunction_LC
# Written by qualcase. Runs in R with the packages QCA (3.23) and jsonlite:
#   Rscript run.R        (or source("run.R") in an R session)
# It prints every result and writes them to qualcase-results.json (JSON).

suppressPackageStartupMessages({ library(QCA); library(jsonlite) })

# qualcase_*: R's objects as plain lists for jsonlite (NA and NaN become null).
qualcase_num <- function(x) { x <- suppressWarnings(as.numeric(x)); if (length(x) == 0 || !is.finite(x)) NA else x }
qualcase_cases <- function(x) if (is.null(x) || is.na(x) || x == "") I(character(0)) else I(strsplit(x, ",")[[1]])
qualcase_ttrows <- function(t, ncond, keep) lapply(which(keep), function(i) {
    row <- list(id = as.integer(rownames(t)[i]), values = I(as.integer(unlist(t[i, seq_len(ncond)]))),
                OUT = as.character(t$OUT[i]), n = as.integer(t$n[i]),
                incl = qualcase_num(t$incl[i]), PRI = qualcase_num(t$PRI[i]),
                cases = qualcase_cases(t$cases[i]))
    if (!is.null(t$pval1)) row$pval1 <- qualcase_num(t$pval1[i])
    if (!is.null(t$pval0)) row$pval0 <- qualcase_num(t$pval0[i])
    row
})
qualcase_tt <- function(tt) {
    t <- tt$tt
    ncond <- length(tt$noflevels)
    rows <- qualcase_ttrows(t, ncond, t$OUT != "?" | suppressWarnings(as.numeric(t$n)) > 0)
    if (!is.null(tt$removed)) {  # more than 7 conditions: R keeps the rows below n.cut apart
        r <- tt$removed$tt
        r$OUT <- "?"
        rows <- c(rows, qualcase_ttrows(r, ncond, rep(TRUE, nrow(r))))
    }
    list(conditions = I(tt$options$conditions), noflevels = I(tt$noflevels), rows = rows)
}
qualcase_pof <- function(p) {
    ic <- p$incl.cov
    lapply(seq_len(nrow(ic)), function(i) {
        row <- list(term = rownames(ic)[i])
        for (name in intersect(c("inclN", "RoN", "covN", "inclS", "PRI", "covS", "covU"), colnames(ic))) {
            row[[name]] <- qualcase_num(ic[i, name])
        }
        row
    })
}
qualcase_fit <- function(ic) list(
    terms_fit = qualcase_pof(list(incl.cov = ic$incl.cov)),
    fit = list(inclS = qualcase_num(ic$sol.incl.cov[1, 1]), PRI = qualcase_num(ic$sol.incl.cov[1, 2]),
               covS = qualcase_num(ic$sol.incl.cov[1, 3])))
qualcase_models <- function(solution, ic) {
    fits <- if (!is.null(ic$individual)) lapply(ic$individual, qualcase_fit) else list(qualcase_fit(ic))
    lapply(seq_along(solution), function(m) c(list(terms = I(solution[[m]])), fits[[m]]))
}
qualcase_solution <- function(sol) {
    out <- list(prime_implicants = I(rownames(sol$PIchart)), essential = I(as.character(sol$essential)),
                models = qualcase_models(sol$solution, sol$IC))
    if (!is.null(sol$i.sol)) {
        out$intermediate <- lapply(names(sol$i.sol), function(name) {
            i <- sol$i.sol[[name]]
            list(name = name, c_sol = I(i$c.sol), p_sol = I(i$p.sol),
                 easy_counterfactuals = I(as.integer(rownames(i$EC))),
                 prime_implicants = I(rownames(i$PIchart)), essential = I(as.character(i$essential)),
                 models = qualcase_models(i$solution, i$IC))
        })
    }
    out
}

# The calibrated data: one row per case, one column per set.
data <- read.csv(text = c(
    "case,DEV,URB,LIT,IND,STB,SURV",
    "AU,1,0,1,1,0,0",
    "BE,1,1,1,1,1,1",
    "CZ,1,1,1,1,1,1",
    "EE,0,0,1,0,1,0",
    "FI,1,0,1,0,1,1",
    "FR,1,0,1,1,1,1",
    "DE,1,1,1,1,0,0",
    "GR,0,0,0,0,0,0",
    "HU,0,0,1,0,0,0",
    "IE,1,0,1,0,1,1",
    "IT,0,0,0,0,1,0",
    "NL,1,1,1,1,1,1",
    "PL,0,0,1,0,0,0",
    "PT,0,0,0,0,0,0",
    "RO,0,0,0,0,1,0",
    "ES,0,0,0,0,0,0",
    "SE,1,0,1,1,1,1",
    "UK,1,1,1,1,1,1"
), row.names = 1, check.names = FALSE, stringsAsFactors = FALSE)

# Necessity of each condition and its negation (the last row, "expression", is their union).
nec <- pof("DEV + ~DEV + URB + ~URB + LIT + ~LIT + IND + ~IND + STB + ~STB", outcome = "SURV", data = data, relation = "necessity")
print(nec)
nec_negated <- pof("DEV + ~DEV + URB + ~URB + LIT + ~LIT + IND + ~IND + STB + ~STB", outcome = "~SURV", data = data, relation = "necessity")
print(nec_negated)

# The truth table.
tt <- truthTable(data, outcome = "SURV", conditions = c("DEV", "URB", "LIT", "IND", "STB"), incl.cut = 1, n.cut = 1, pri.cut = 0, show.cases = TRUE)
print(tt)

solutions <- list()
# intermediate
solutions[["intermediate"]] <- minimize(tt, include = "?", dir.exp = "LIT, DEV*URB", details = TRUE)
print(solutions[["intermediate"]])

# Everything above as JSON, for comparison with qualcase's results.json.
results <- list(
    truth_table = qualcase_tt(tt),
    necessity = qualcase_pof(nec),
    necessity_negated = qualcase_pof(nec_negated),
    minimizations = lapply(solutions, qualcase_solution)
)
write_json(results, "qualcase-results.json", auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE)
