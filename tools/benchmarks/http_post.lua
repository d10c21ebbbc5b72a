-- wrk script: POST /query with the body in the environment variable KENNIS_QUERY_BODY.
wrk.method = "POST"
wrk.body = os.getenv("KENNIS_QUERY_BODY")
wrk.headers["Content-Type"] = "application/json"
