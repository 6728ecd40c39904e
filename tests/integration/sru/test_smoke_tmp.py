from flask import Flask


def test_smoke(sru_app: Flask) -> None:
    c = sru_app.test_client()
    for q in [
        "/sru?operation=searchRetrieve&version=1.2&query=rec.identifier=90361304&recordSchema=marcxchange",
        "/sru?operation=searchRetrieve&version=1.2&query=bib.namePersonal=ibsen&maximumRecords=2",
        "/sru?query=bib.namePersonal=ibsen&maximumRecords=1&recordSchema=rdf",
        "/sru?version=1.2&operation=scan&scanClause=bib.namePersonal=ibsen&maximumTerms=3&responsePosition=2",
        "/sru?version=1.1",
        "/sru?version=1.2&operation=searchRetrieve&query=a%20or",
        "/sru?version=3.0",
    ]:
        r = c.get(q)
        print(q, r.status_code, r.data.decode()[:1500])
