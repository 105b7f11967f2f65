import Foundation
import Testing
import XHTMLValidation

#if canImport(FoundationXML)
    import FoundationXML
#endif

let transitionalHead = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
    <html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en"><head><title>t</title></head>
    """

func validate(_ text: String) -> ValidationResult {
    XHTMLValidator.validate(Data(text.utf8), name: "t.html")
}

@Suite struct XHTMLValidatorTests {
    @Test func validTransitionalDocument() {
        let r = validate(
            transitionalHead
                + ##"<body><table width="600" bgcolor="#ffffff"><tr><td>a &amp; b&#160;&#39;</td></tr></table></body></html>"##
        )
        #expect(r.isValid, "\(r.issues)")
        #expect(r.publicIdentifier == "-//W3C//DTD XHTML 1.0 Transitional//EN")
    }

    @Test func validXHTMLPlusSVGDocument() {
        let doc = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1 plus MathML 2.0 plus SVG 1.1//EN" "http://www.w3.org/2002/04/xhtml-math-svg/xhtml-math-svg.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>x</title></head>
            <body><p>chart</p>
            <svg:svg xmlns:svg="http://www.w3.org/2000/svg" version="1.1" width="100" height="50" viewBox="0 0 100 50">
            <svg:rect x="0" y="0" width="10" height="20" fill="#336699"/><svg:text x="1" y="40">a</svg:text></svg:svg>
            </body></html>
            """
        let r = validate(doc)
        #expect(r.isValid, "\(r.issues)")
    }

    @Test func invalidElementIsReportedWithLineAndColumn() {
        let r = validate(transitionalHead + "<body>\n<p><blink>x</blink></p></body></html>")
        #expect(r.isWellFormed)
        #expect(!r.isValid)
        let first = try! #require(r.errors.first)
        #expect(first.line == 4)
        #expect(first.message.contains("blink"))
    }

    @Test func notWellFormed() {
        let r = validate(transitionalHead + "<body><p>x</body></html>")
        #expect(!r.isWellFormed)
        #expect(!r.isValid)
        #expect(!r.errors.isEmpty)
    }

    @Test func namedEntitiesOtherThanTheXMLOnesAreRejected() {
        for entity in ["&nbsp;", "&apos;", "&copy;"] {
            let r = validate(transitionalHead + "<body><p>a\(entity)b</p></body></html>")
            #expect(!r.isValid, "\(entity)")
            #expect(r.errors.contains { $0.message.contains(entity) }, "\(entity)")
        }
    }

    @Test func missingDoctypeIsInvalid() {
        let r = validate(#"<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body/></html>"#)
        #expect(!r.isValid)
    }

    @Test func unbundledOrLocalDTDsAreRefusedNotFetched() {
        for system in ["http://203.0.113.9/evil.dtd", "file:///etc/passwd", "../../../../etc/passwd"] {
            let doc = """
                <?xml version="1.0"?>
                <!DOCTYPE html SYSTEM "\(system)">
                <html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body/></html>
                """
            let r = validate(doc)
            #expect(!r.isValid, "\(system)")
        }
    }

    @Test func externalEntitiesInTheInternalSubsetAreNotExpanded() {
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd" [
            <!ENTITY xxe SYSTEM "file:///etc/hostname">]>
            <html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><p>&xxe;</p></body></html>
            """
        let r = validate(doc)
        #expect(!r.isValid)
    }

    @Test func concurrentValidationsDoNotInterfere() async {
        let good = transitionalHead + "<body><p>ok</p></body></html>"
        let bad = transitionalHead + "<body><blink/></body></html>"
        let results = await withTaskGroup(of: (Bool, Bool).self) { group in
            for i in 0..<40 {
                group.addTask {
                    let expectValid = i % 2 == 0
                    return (expectValid, validate(expectValid ? good : bad).isValid)
                }
            }
            var all: [(Bool, Bool)] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 40)
        #expect(results.allSatisfy { $0.0 == $0.1 })
    }

    /// Foundation's `XMLParser` uses the same libxml2, whose external-entity loader is one
    /// per process; the validator chains its loader in front of Foundation's, so both kinds
    /// of parse run side by side and each gets its own entity policy.
    @Test func foundationXMLParsersAndValidationsRunSideBySide() async {
        let good = transitionalHead + "<body><p>caf&#233;</p></body></html>"
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for i in 0..<32 {
                group.addTask {
                    if i % 2 == 0 { return ("validator", validate(good).isValid) }
                    let parser = XMLParser(data: Data(good.utf8))
                    parser.shouldResolveExternalEntities = false
                    return ("XMLParser", parser.parse())
                }
            }
            var all: [(String, Bool)] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0.1 }, "\(results.filter { !$0.1 }.map(\.0))")
    }
}
