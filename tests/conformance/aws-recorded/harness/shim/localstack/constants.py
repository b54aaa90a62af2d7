APPLICATION_JSON = "application/json"
