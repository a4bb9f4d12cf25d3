package broken

var n int = "x"
