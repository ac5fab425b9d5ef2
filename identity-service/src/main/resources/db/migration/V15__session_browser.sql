-- the browser session (Spring Session's id) that a token session was issued in: "sign out everywhere else" keeps the
-- caller's browser signed in, and ends every other browser's session
ALTER TABLE session_info ADD COLUMN browser_session varchar(100);
