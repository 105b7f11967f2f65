/// Public and system identifiers of the bundled W3C DTDs (from Debian's w3c-sgml-lib
/// catalog), mapped to files under `DTD/`. Generated; see `DTD/README.md`.
enum DTDCatalog {
    static let publicIdentifiers: [String: String] = [
        "-//W3C//DTD MathML 2.0//EN": "XX-MathML2-20031104/mathml2.dtd",
        "-//W3C//DTD SVG 1.1 Basic//EN": "REC-SVG11-20110816/svg11-basic.dtd",
        "-//W3C//DTD SVG 1.1 Tiny//EN": "REC-SVG11-20110816/svg11-tiny.dtd",
        "-//W3C//DTD SVG 1.1//EN": "REC-SVG11-20110816/svg11.dtd",
        "-//W3C//DTD SVG Basic 1.1//EN": "REC-SVG11-20110816/svg11-basic.dtd",
        "-//W3C//DTD SVG Tiny 1.1//EN": "REC-SVG11-20110816/svg11-tiny.dtd",
        "-//W3C//DTD XHTML 1.0 Frameset//EN": "REC-xhtml1-20020801/xhtml1-frameset.dtd",
        "-//W3C//DTD XHTML 1.0 Strict//EN": "REC-xhtml1-20020801/xhtml1-strict.dtd",
        "-//W3C//DTD XHTML 1.0 Transitional//EN": "REC-xhtml1-20020801/xhtml1-transitional.dtd",
        "-//W3C//DTD XHTML 1.1 plus MathML 2.0 plus SVG 1.1//EN":
            "WD-XHTMLplusMathMLplusSVG-20020809/xhtml-math-svg.dtd",
        "-//W3C//DTD XHTML 1.1 plus MathML 2.0//EN": "XX-MathML2-20031104/xhtml-math11-f.dtd",
        "-//W3C//DTD XHTML 1.1//EN": "REC-xhtml11-20101123/xhtml11.dtd",
        "-//W3C//DTD XHTML Basic plus SVG Tiny//EN": "WD-XHTMLplusMathMLplusSVG-20020809/xhtml-basic-svg-tiny.dtd",
        "-//W3C//ELEMENTS SVG 1.1 Animation//EN": "REC-SVG11-20110816/svg-animation.mod",
        "-//W3C//ELEMENTS SVG 1.1 Basic Clip//EN": "REC-SVG11-20110816/svg-basic-clip.mod",
        "-//W3C//ELEMENTS SVG 1.1 Basic Filter//EN": "REC-SVG11-20110816/svg-basic-filter.mod",
        "-//W3C//ELEMENTS SVG 1.1 Basic Font//EN": "REC-SVG11-20110816/svg-basic-font.mod",
        "-//W3C//ELEMENTS SVG 1.1 Basic Structure//EN": "REC-SVG11-20110816/svg-basic-structure.mod",
        "-//W3C//ELEMENTS SVG 1.1 Basic Text//EN": "REC-SVG11-20110816/svg-basic-text.mod",
        "-//W3C//ELEMENTS SVG 1.1 Clip//EN": "REC-SVG11-20110816/svg-clip.mod",
        "-//W3C//ELEMENTS SVG 1.1 Color Profile//EN": "REC-SVG11-20110816/svg-profile.mod",
        "-//W3C//ELEMENTS SVG 1.1 Conditional Processing//EN": "REC-SVG11-20110816/svg-conditional.mod",
        "-//W3C//ELEMENTS SVG 1.1 Cursor//EN": "REC-SVG11-20110816/svg-cursor.mod",
        "-//W3C//ELEMENTS SVG 1.1 Extensibility//EN": "REC-SVG11-20110816/svg-extensibility.mod",
        "-//W3C//ELEMENTS SVG 1.1 Filter//EN": "REC-SVG11-20110816/svg-filter.mod",
        "-//W3C//ELEMENTS SVG 1.1 Font//EN": "REC-SVG11-20110816/svg-font.mod",
        "-//W3C//ELEMENTS SVG 1.1 Gradient//EN": "REC-SVG11-20110816/svg-gradient.mod",
        "-//W3C//ELEMENTS SVG 1.1 Hyperlinking//EN": "REC-SVG11-20110816/svg-hyperlink.mod",
        "-//W3C//ELEMENTS SVG 1.1 Image//EN": "REC-SVG11-20110816/svg-image.mod",
        "-//W3C//ELEMENTS SVG 1.1 Marker//EN": "REC-SVG11-20110816/svg-marker.mod",
        "-//W3C//ELEMENTS SVG 1.1 Mask//EN": "REC-SVG11-20110816/svg-mask.mod",
        "-//W3C//ELEMENTS SVG 1.1 Pattern//EN": "REC-SVG11-20110816/svg-pattern.mod",
        "-//W3C//ELEMENTS SVG 1.1 Scripting//EN": "REC-SVG11-20110816/svg-script.mod",
        "-//W3C//ELEMENTS SVG 1.1 Shape//EN": "REC-SVG11-20110816/svg-shape.mod",
        "-//W3C//ELEMENTS SVG 1.1 Structure//EN": "REC-SVG11-20110816/svg-structure.mod",
        "-//W3C//ELEMENTS SVG 1.1 Style//EN": "REC-SVG11-20110816/svg-style.mod",
        "-//W3C//ELEMENTS SVG 1.1 Text//EN": "REC-SVG11-20110816/svg-text.mod",
        "-//W3C//ELEMENTS SVG 1.1 View//EN": "REC-SVG11-20110816/svg-view.mod",
        "-//W3C//ELEMENTS XHTML BDO Element 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-bdo-1.mod",
        "-//W3C//ELEMENTS XHTML BIDI Override Element 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-bdo-1.mod",
        "-//W3C//ELEMENTS XHTML Base Architecture 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-arch-1.mod",
        "-//W3C//ELEMENTS XHTML Base Element 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-base-1.mod",
        "-//W3C//ELEMENTS XHTML Basic Forms 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-basic-form-1.mod",
        "-//W3C//ELEMENTS XHTML Basic Tables 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-basic-table-1.mod",
        "-//W3C//ELEMENTS XHTML Block Phrasal 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-blkphras-1.mod",
        "-//W3C//ELEMENTS XHTML Block Presentation 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-blkpres-1.mod",
        "-//W3C//ELEMENTS XHTML Block Structural 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-blkstruct-1.mod",
        "-//W3C//ELEMENTS XHTML Client-side Image Maps 1.0//EN":
            "REC-xhtml-modularization-20100729/xhtml-csismap-1.mod",
        "-//W3C//ELEMENTS XHTML Document Structure 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-struct-1.mod",
        "-//W3C//ELEMENTS XHTML Editing Elements 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-edit-1.mod",
        "-//W3C//ELEMENTS XHTML Editing Markup 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-edit-1.mod",
        "-//W3C//ELEMENTS XHTML Embedded Object 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-object-1.mod",
        "-//W3C//ELEMENTS XHTML Forms 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-form-1.mod",
        "-//W3C//ELEMENTS XHTML Frames 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-frames-1.mod",
        "-//W3C//ELEMENTS XHTML Hypertext 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-hypertext-1.mod",
        "-//W3C//ELEMENTS XHTML Images 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-image-1.mod",
        "-//W3C//ELEMENTS XHTML Inline Frame Element 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-iframe-1.mod",
        "-//W3C//ELEMENTS XHTML Inline Phrasal 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-inlphras-1.mod",
        "-//W3C//ELEMENTS XHTML Inline Presentation 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-inlpres-1.mod",
        "-//W3C//ELEMENTS XHTML Inline Structural 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-inlstruct-1.mod",
        "-//W3C//ELEMENTS XHTML Inline Style 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-inlstyle-1.mod",
        "-//W3C//ELEMENTS XHTML Java Applets 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-applet-1.mod",
        "-//W3C//ELEMENTS XHTML Legacy Markup 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-legacy-1.mod",
        "-//W3C//ELEMENTS XHTML Legacy Redeclarations 1.0//EN":
            "REC-xhtml-modularization-20100729/xhtml-legacy-redecl-1.mod",
        "-//W3C//ELEMENTS XHTML Link Element 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-link-1.mod",
        "-//W3C//ELEMENTS XHTML Lists 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-list-1.mod",
        "-//W3C//ELEMENTS XHTML Metainformation 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-meta-1.mod",
        "-//W3C//ELEMENTS XHTML Name Identifier 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-nameident-1.mod",
        "-//W3C//ELEMENTS XHTML Param Element 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-param-1.mod",
        "-//W3C//ELEMENTS XHTML Presentation 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-pres-1.mod",
        "-//W3C//ELEMENTS XHTML Ruby 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-ruby-1.mod",
        "-//W3C//ELEMENTS XHTML Scripting 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-script-1.mod",
        "-//W3C//ELEMENTS XHTML Server-side Image Maps 1.0//EN":
            "REC-xhtml-modularization-20100729/xhtml-ssismap-1.mod",
        "-//W3C//ELEMENTS XHTML Style Sheets 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-style-1.mod",
        "-//W3C//ELEMENTS XHTML Tables 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-table-1.mod",
        "-//W3C//ELEMENTS XHTML Target 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-target-1.mod",
        "-//W3C//ELEMENTS XHTML Text 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-text-1.mod",
        "-//W3C//ENTITIES Added Latin 1 for MathML 2.0//EN": "XX-MathML2-20031104/iso8879/isolat1.ent",
        "-//W3C//ENTITIES Added Latin 2 for MathML 2.0//EN": "XX-MathML2-20031104/iso8879/isolat2.ent",
        "-//W3C//ENTITIES Added Math Symbols: Arrow Relations for MathML 2.0//EN":
            "XX-MathML2-20031104/iso9573-13/isoamsa.ent",
        "-//W3C//ENTITIES Added Math Symbols: Binary Operators for MathML 2.0//EN":
            "XX-MathML2-20031104/iso9573-13/isoamsb.ent",
        "-//W3C//ENTITIES Added Math Symbols: Delimiters for MathML 2.0//EN":
            "XX-MathML2-20031104/iso9573-13/isoamsc.ent",
        "-//W3C//ENTITIES Added Math Symbols: Negated Relations for MathML 2.0//EN":
            "XX-MathML2-20031104/iso9573-13/isoamsn.ent",
        "-//W3C//ENTITIES Added Math Symbols: Ordinary for MathML 2.0//EN":
            "XX-MathML2-20031104/iso9573-13/isoamso.ent",
        "-//W3C//ENTITIES Added Math Symbols: Relations for MathML 2.0//EN":
            "XX-MathML2-20031104/iso9573-13/isoamsr.ent",
        "-//W3C//ENTITIES Aliases for MathML 2.0//EN": "XX-MathML2-20031104/mathml/mmlalias.ent",
        "-//W3C//ENTITIES Box and Line Drawing for MathML 2.0//EN": "XX-MathML2-20031104/iso8879/isobox.ent",
        "-//W3C//ENTITIES Diacritical Marks for MathML 2.0//EN": "XX-MathML2-20031104/iso8879/isodia.ent",
        "-//W3C//ENTITIES Extra for MathML 2.0//EN": "XX-MathML2-20031104/mathml/mmlextra.ent",
        "-//W3C//ENTITIES General Technical for MathML 2.0//EN": "XX-MathML2-20031104/iso9573-13/isotech.ent",
        "-//W3C//ENTITIES Greek Symbols for MathML 2.0//EN": "XX-MathML2-20031104/iso9573-13/isogrk3.ent",
        "-//W3C//ENTITIES Latin 1 for XHTML//EN": "REC-xhtml-modularization-20100729/xhtml-lat1.ent",
        "-//W3C//ENTITIES Math Alphabets: Fraktur for MathML 2.0//EN": "XX-MathML2-20031104/iso9573-13/isomfrk.ent",
        "-//W3C//ENTITIES Math Alphabets: Open Face for MathML 2.0//EN": "XX-MathML2-20031104/iso9573-13/isomopf.ent",
        "-//W3C//ENTITIES Math Alphabets: Script for MathML 2.0//EN": "XX-MathML2-20031104/iso9573-13/isomscr.ent",
        "-//W3C//ENTITIES MathML 2.0 Qualified Names 1.0//EN": "XX-MathML2-20031104/mathml2-qname-1.mod",
        "-//W3C//ENTITIES Non-Russian Cyrillic for MathML 2.0//EN": "XX-MathML2-20031104/iso8879/isocyr2.ent",
        "-//W3C//ENTITIES Numeric and Special Graphic for MathML 2.0//EN": "XX-MathML2-20031104/iso8879/isonum.ent",
        "-//W3C//ENTITIES Publishing for MathML 2.0//EN": "XX-MathML2-20031104/iso8879/isopub.ent",
        "-//W3C//ENTITIES Russian Cyrillic for MathML 2.0//EN": "XX-MathML2-20031104/iso8879/isocyr1.ent",
        "-//W3C//ENTITIES SVG 1.1 Animation Events Attribute//EN": "REC-SVG11-20110816/svg-animevents-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Attribute Collection//EN": "REC-SVG11-20110816/svg11-attribs.mod",
        "-//W3C//ENTITIES SVG 1.1 Basic Attribute Collection//EN": "REC-SVG11-20110816/svg11-basic-attribs.mod",
        "-//W3C//ENTITIES SVG 1.1 Basic Document Model//EN": "REC-SVG11-20110816/svg11-basic-model.mod",
        "-//W3C//ENTITIES SVG 1.1 Basic Graphics Attribute//EN": "REC-SVG11-20110816/svg-basic-graphics-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Basic Paint Attribute//EN": "REC-SVG11-20110816/svg-basic-paint-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Container Attribute//EN": "REC-SVG11-20110816/svg-container-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Core Attribute//EN": "REC-SVG11-20110816/svg-core-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Datatypes//EN": "REC-SVG11-20110816/svg-datatypes.mod",
        "-//W3C//ENTITIES SVG 1.1 Document Events Attribute//EN": "REC-SVG11-20110816/svg-docevents-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Document Model//EN": "REC-SVG11-20110816/svg11-model.mod",
        "-//W3C//ENTITIES SVG 1.1 External Resources Attribute//EN": "REC-SVG11-20110816/svg-extresources-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Graphical Element Events Attribute//EN":
            "REC-SVG11-20110816/svg-graphevents-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Graphics Attribute//EN": "REC-SVG11-20110816/svg-graphics-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Modular Framework//EN": "REC-SVG11-20110816/svg-framework.mod",
        "-//W3C//ENTITIES SVG 1.1 Paint Attribute//EN": "REC-SVG11-20110816/svg-paint-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Paint Opacity Attribute//EN": "REC-SVG11-20110816/svg-opacity-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 Qualified Name//EN": "REC-SVG11-20110816/svg-qname.mod",
        "-//W3C//ENTITIES SVG 1.1 Tiny Attribute Collection//EN": "REC-SVG11-20110816/svg11-tiny-attribs.mod",
        "-//W3C//ENTITIES SVG 1.1 Tiny Document Model//EN": "REC-SVG11-20110816/svg11-tiny-model.mod",
        "-//W3C//ENTITIES SVG 1.1 Viewport Attribute//EN": "REC-SVG11-20110816/svg-viewport-attrib.mod",
        "-//W3C//ENTITIES SVG 1.1 XLink Attribute//EN": "REC-SVG11-20110816/svg-xlink-attrib.mod",
        "-//W3C//ENTITIES Special for XHTML//EN": "REC-xhtml-modularization-20100729/xhtml-special.ent",
        "-//W3C//ENTITIES Symbols for XHTML//EN": "REC-xhtml-modularization-20100729/xhtml-symbol.ent",
        "-//W3C//ENTITIES XHTML 1.1 Document Model 1.0//EN": "REC-xhtml11-20101123/xhtml11-model-1.mod",
        "-//W3C//ENTITIES XHTML Character Entities 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-charent-1.mod",
        "-//W3C//ENTITIES XHTML Common Attributes 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-attribs-1.mod",
        "-//W3C//ENTITIES XHTML Datatypes 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-datatypes-1.mod",
        "-//W3C//ENTITIES XHTML Inline Style 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-inlstyle-1.mod",
        "-//W3C//ENTITIES XHTML Intrinsic Events 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-events-1.mod",
        "-//W3C//ENTITIES XHTML Modular Framework 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-framework-1.mod",
        "-//W3C//ENTITIES XHTML Qualified Names 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-qname-1.mod",
        "-//W3C//NOTATIONS XHTML Notations 1.0//EN": "REC-xhtml-modularization-20100729/xhtml-notations-1.mod",
    ]

    static let systemIdentifiers: [String: String] = [
        "http://www.w3.org/2002/04/xhtml-math-svg/xhtml-basic-svg-tiny-20020809.dtd":
            "WD-XHTMLplusMathMLplusSVG-20020809/xhtml-basic-svg-tiny.dtd",
        "http://www.w3.org/2002/04/xhtml-math-svg/xhtml-basic-svg-tiny.dtd":
            "WD-XHTMLplusMathMLplusSVG-20020809/xhtml-basic-svg-tiny.dtd",
        "http://www.w3.org/2002/04/xhtml-math-svg/xhtml-math-svg-20020809.dtd":
            "WD-XHTMLplusMathMLplusSVG-20020809/xhtml-math-svg.dtd",
        "http://www.w3.org/2002/04/xhtml-math-svg/xhtml-math-svg.dtd":
            "WD-XHTMLplusMathMLplusSVG-20020809/xhtml-math-svg.dtd",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-animation.mod": "REC-SVG11-20110816/svg-animation.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-animevents-attrib.mod":
            "REC-SVG11-20110816/svg-animevents-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-basic-clip.mod": "REC-SVG11-20110816/svg-basic-clip.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-basic-filter.mod": "REC-SVG11-20110816/svg-basic-filter.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-basic-font.mod": "REC-SVG11-20110816/svg-basic-font.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-basic-graphics-attrib.mod":
            "REC-SVG11-20110816/svg-basic-graphics-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-basic-paint-attrib.mod":
            "REC-SVG11-20110816/svg-basic-paint-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-basic-structure.mod": "REC-SVG11-20110816/svg-basic-structure.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-basic-text.mod": "REC-SVG11-20110816/svg-basic-text.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-clip.mod": "REC-SVG11-20110816/svg-clip.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-conditional.mod": "REC-SVG11-20110816/svg-conditional.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-container-attrib.mod":
            "REC-SVG11-20110816/svg-container-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-core-attrib.mod": "REC-SVG11-20110816/svg-core-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-cursor.mod": "REC-SVG11-20110816/svg-cursor.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-datatypes.mod": "REC-SVG11-20110816/svg-datatypes.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-docevents-attrib.mod":
            "REC-SVG11-20110816/svg-docevents-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-extensibility.mod": "REC-SVG11-20110816/svg-extensibility.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-extresources-attrib.mod":
            "REC-SVG11-20110816/svg-extresources-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-filter.mod": "REC-SVG11-20110816/svg-filter.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-font.mod": "REC-SVG11-20110816/svg-font.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-framework.mod": "REC-SVG11-20110816/svg-framework.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-gradient.mod": "REC-SVG11-20110816/svg-gradient.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-graphevents-attrib.mod":
            "REC-SVG11-20110816/svg-graphevents-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-graphics-attrib.mod": "REC-SVG11-20110816/svg-graphics-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-hyperlink.mod": "REC-SVG11-20110816/svg-hyperlink.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-image.mod": "REC-SVG11-20110816/svg-image.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-marker.mod": "REC-SVG11-20110816/svg-marker.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-mask.mod": "REC-SVG11-20110816/svg-mask.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-opacity-attrib.mod": "REC-SVG11-20110816/svg-opacity-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-paint-attrib.mod": "REC-SVG11-20110816/svg-paint-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-pattern.mod": "REC-SVG11-20110816/svg-pattern.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-profile.mod": "REC-SVG11-20110816/svg-profile.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-qname.mod": "REC-SVG11-20110816/svg-qname.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-script.mod": "REC-SVG11-20110816/svg-script.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-shape.mod": "REC-SVG11-20110816/svg-shape.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-structure.mod": "REC-SVG11-20110816/svg-structure.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-style.mod": "REC-SVG11-20110816/svg-style.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-text.mod": "REC-SVG11-20110816/svg-text.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-view.mod": "REC-SVG11-20110816/svg-view.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-viewport-attrib.mod": "REC-SVG11-20110816/svg-viewport-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg-xlink-attrib.mod": "REC-SVG11-20110816/svg-xlink-attrib.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-attribs.mod": "REC-SVG11-20110816/svg11-attribs.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-basic-attribs.mod": "REC-SVG11-20110816/svg11-basic-attribs.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-basic-model.mod": "REC-SVG11-20110816/svg11-basic-model.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-basic.dtd": "REC-SVG11-20110816/svg11-basic.dtd",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-model.mod": "REC-SVG11-20110816/svg11-model.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-tiny-attribs.mod": "REC-SVG11-20110816/svg11-tiny-attribs.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-tiny-model.mod": "REC-SVG11-20110816/svg11-tiny-model.mod",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-tiny.dtd": "REC-SVG11-20110816/svg11-tiny.dtd",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd": "REC-SVG11-20110816/svg11.dtd",
        "http://www.w3.org/MarkUp/DTD/xhtml-applet-1.mod": "REC-xhtml-modularization-20100729/xhtml-applet-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-arch-1.mod": "REC-xhtml-modularization-20100729/xhtml-arch-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-attribs-1.mod": "REC-xhtml-modularization-20100729/xhtml-attribs-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-base-1.mod": "REC-xhtml-modularization-20100729/xhtml-base-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-basic-form-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-basic-form-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-basic-table-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-basic-table-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-bdo-1.mod": "REC-xhtml-modularization-20100729/xhtml-bdo-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-blkphras-1.mod": "REC-xhtml-modularization-20100729/xhtml-blkphras-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-blkpres-1.mod": "REC-xhtml-modularization-20100729/xhtml-blkpres-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-blkstruct-1.mod": "REC-xhtml-modularization-20100729/xhtml-blkstruct-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-charent-1.mod": "REC-xhtml-modularization-20100729/xhtml-charent-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-csismap-1.mod": "REC-xhtml-modularization-20100729/xhtml-csismap-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-datatypes-1.mod": "REC-xhtml-modularization-20100729/xhtml-datatypes-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-edit-1.mod": "REC-xhtml-modularization-20100729/xhtml-edit-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-events-1.mod": "REC-xhtml-modularization-20100729/xhtml-events-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-form-1.mod": "REC-xhtml-modularization-20100729/xhtml-form-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-frames-1.mod": "REC-xhtml-modularization-20100729/xhtml-frames-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-framework-1.mod": "REC-xhtml-modularization-20100729/xhtml-framework-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-hypertext-1.mod": "REC-xhtml-modularization-20100729/xhtml-hypertext-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-iframe-1.mod": "REC-xhtml-modularization-20100729/xhtml-iframe-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-image-1.mod": "REC-xhtml-modularization-20100729/xhtml-image-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-inlphras-1.mod": "REC-xhtml-modularization-20100729/xhtml-inlphras-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-inlpres-1.mod": "REC-xhtml-modularization-20100729/xhtml-inlpres-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-inlstruct-1.mod": "REC-xhtml-modularization-20100729/xhtml-inlstruct-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-inlstyle-1.mod": "REC-xhtml-modularization-20100729/xhtml-inlstyle-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-lat1.ent": "REC-xhtml-modularization-20100729/xhtml-lat1.ent",
        "http://www.w3.org/MarkUp/DTD/xhtml-legacy-1.mod": "REC-xhtml-modularization-20100729/xhtml-legacy-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-legacy-redecl-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-legacy-redecl-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-link-1.mod": "REC-xhtml-modularization-20100729/xhtml-link-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-list-1.mod": "REC-xhtml-modularization-20100729/xhtml-list-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-math11-f.dtd": "XX-MathML2-20031104/xhtml-math11-f.dtd",
        "http://www.w3.org/MarkUp/DTD/xhtml-meta-1.mod": "REC-xhtml-modularization-20100729/xhtml-meta-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-nameident-1.mod": "REC-xhtml-modularization-20100729/xhtml-nameident-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-notations-1.mod": "REC-xhtml-modularization-20100729/xhtml-notations-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-object-1.mod": "REC-xhtml-modularization-20100729/xhtml-object-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-param-1.mod": "REC-xhtml-modularization-20100729/xhtml-param-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-pres-1.mod": "REC-xhtml-modularization-20100729/xhtml-pres-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-qname-1.mod": "REC-xhtml-modularization-20100729/xhtml-qname-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-ruby-1.mod": "REC-xhtml-modularization-20100729/xhtml-ruby-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-script-1.mod": "REC-xhtml-modularization-20100729/xhtml-script-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-special.ent": "REC-xhtml-modularization-20100729/xhtml-special.ent",
        "http://www.w3.org/MarkUp/DTD/xhtml-ssismap-1.mod": "REC-xhtml-modularization-20100729/xhtml-ssismap-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-struct-1.mod": "REC-xhtml-modularization-20100729/xhtml-struct-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-style-1.mod": "REC-xhtml-modularization-20100729/xhtml-style-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-symbol.ent": "REC-xhtml-modularization-20100729/xhtml-symbol.ent",
        "http://www.w3.org/MarkUp/DTD/xhtml-table-1.mod": "REC-xhtml-modularization-20100729/xhtml-table-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-target-1.mod": "REC-xhtml-modularization-20100729/xhtml-target-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml-text-1.mod": "REC-xhtml-modularization-20100729/xhtml-text-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml1-frameset.dtd": "REC-xhtml1-20020801/xhtml1-frameset.dtd",
        "http://www.w3.org/MarkUp/DTD/xhtml1-strict.dtd": "REC-xhtml1-20020801/xhtml1-strict.dtd",
        "http://www.w3.org/MarkUp/DTD/xhtml1-transitional.dtd": "REC-xhtml1-20020801/xhtml1-transitional.dtd",
        "http://www.w3.org/MarkUp/DTD/xhtml11-model-1.mod": "REC-xhtml11-20101123/xhtml11-model-1.mod",
        "http://www.w3.org/MarkUp/DTD/xhtml11.dtd": "REC-xhtml11-20101123/xhtml11.dtd",
        "http://www.w3.org/Math/DTD/mathml2/mathml2-qname-1.mod": "XX-MathML2-20031104/mathml2-qname-1.mod",
        "http://www.w3.org/Math/DTD/mathml2/mathml2.dtd": "XX-MathML2-20031104/mathml2.dtd",
        "http://www.w3.org/Math/DTD/mathml2/xhtml-math11-f.dtd": "XX-MathML2-20031104/xhtml-math11-f.dtd",
        "http://www.w3.org/TR/MathML2/dtd/isoamsa.ent": "XX-MathML2-20031104/iso9573-13/isoamsa.ent",
        "http://www.w3.org/TR/MathML2/dtd/isoamsb.ent": "XX-MathML2-20031104/iso9573-13/isoamsb.ent",
        "http://www.w3.org/TR/MathML2/dtd/isoamsc.ent": "XX-MathML2-20031104/iso9573-13/isoamsc.ent",
        "http://www.w3.org/TR/MathML2/dtd/isoamsn.ent": "XX-MathML2-20031104/iso9573-13/isoamsn.ent",
        "http://www.w3.org/TR/MathML2/dtd/isoamso.ent": "XX-MathML2-20031104/iso9573-13/isoamso.ent",
        "http://www.w3.org/TR/MathML2/dtd/isoamsr.ent": "XX-MathML2-20031104/iso9573-13/isoamsr.ent",
        "http://www.w3.org/TR/MathML2/dtd/isobox.ent": "XX-MathML2-20031104/iso8879/isobox.ent",
        "http://www.w3.org/TR/MathML2/dtd/isocyr1.ent": "XX-MathML2-20031104/iso8879/isocyr1.ent",
        "http://www.w3.org/TR/MathML2/dtd/isocyr2.ent": "XX-MathML2-20031104/iso8879/isocyr2.ent",
        "http://www.w3.org/TR/MathML2/dtd/isodia.ent": "XX-MathML2-20031104/iso8879/isodia.ent",
        "http://www.w3.org/TR/MathML2/dtd/isogrk3.ent": "XX-MathML2-20031104/iso9573-13/isogrk3.ent",
        "http://www.w3.org/TR/MathML2/dtd/isolat1.ent": "XX-MathML2-20031104/iso8879/isolat1.ent",
        "http://www.w3.org/TR/MathML2/dtd/isolat2.ent": "XX-MathML2-20031104/iso8879/isolat2.ent",
        "http://www.w3.org/TR/MathML2/dtd/isomfrk.ent": "XX-MathML2-20031104/iso9573-13/isomfrk.ent",
        "http://www.w3.org/TR/MathML2/dtd/isomopf.ent": "XX-MathML2-20031104/iso9573-13/isomopf.ent",
        "http://www.w3.org/TR/MathML2/dtd/isomscr.ent": "XX-MathML2-20031104/iso9573-13/isomscr.ent",
        "http://www.w3.org/TR/MathML2/dtd/isonum.ent": "XX-MathML2-20031104/iso8879/isonum.ent",
        "http://www.w3.org/TR/MathML2/dtd/isopub.ent": "XX-MathML2-20031104/iso8879/isopub.ent",
        "http://www.w3.org/TR/MathML2/dtd/isotech.ent": "XX-MathML2-20031104/iso9573-13/isotech.ent",
        "http://www.w3.org/TR/MathML2/dtd/mmlalias.ent": "XX-MathML2-20031104/mathml/mmlalias.ent",
        "http://www.w3.org/TR/MathML2/dtd/mmlextra.ent": "XX-MathML2-20031104/mathml/mmlextra.ent",
        "http://www.w3.org/TR/ruby/xhtml-ruby-1.mod": "REC-xhtml-modularization-20100729/xhtml-ruby-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-applet-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-applet-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-arch-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-arch-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-attribs-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-attribs-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-base-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-base-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-basic-form-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-basic-form-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-basic-table-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-basic-table-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-bdo-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-bdo-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-blkphras-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-blkphras-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-blkpres-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-blkpres-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-blkstruct-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-blkstruct-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-charent-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-charent-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-csismap-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-csismap-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-datatypes-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-datatypes-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-edit-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-edit-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-events-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-events-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-form-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-form-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-frames-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-frames-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-framework-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-framework-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-hypertext-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-hypertext-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-iframe-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-iframe-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-image-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-image-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-inlphras-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-inlphras-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-inlpres-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-inlpres-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-inlstruct-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-inlstruct-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-inlstyle-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-inlstyle-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-lat1.ent":
            "REC-xhtml-modularization-20100729/xhtml-lat1.ent",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-legacy-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-legacy-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-legacy-redecl-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-legacy-redecl-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-link-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-link-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-list-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-list-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-meta-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-meta-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-nameident-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-nameident-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-notations-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-notations-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-object-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-object-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-param-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-param-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-pres-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-pres-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-qname-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-qname-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-script-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-script-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-special.ent":
            "REC-xhtml-modularization-20100729/xhtml-special.ent",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-ssismap-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-ssismap-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-struct-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-struct-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-style-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-style-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-symbol.ent":
            "REC-xhtml-modularization-20100729/xhtml-symbol.ent",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-table-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-table-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-target-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-target-1.mod",
        "http://www.w3.org/TR/xhtml-modularization/DTD/xhtml-text-1.mod":
            "REC-xhtml-modularization-20100729/xhtml-text-1.mod",
        "http://www.w3.org/TR/xhtml1/DTD/xhtml1-frameset.dtd": "REC-xhtml1-20020801/xhtml1-frameset.dtd",
        "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd": "REC-xhtml1-20020801/xhtml1-strict.dtd",
        "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd": "REC-xhtml1-20020801/xhtml1-transitional.dtd",
        "http://www.w3.org/TR/xhtml11/xhtml11-model-1.mod": "REC-xhtml11-20101123/xhtml11-model-1.mod",
        "http://www.w3.org/TR/xhtml11/xhtml11.dtd": "REC-xhtml11-20101123/xhtml11.dtd",
    ]
}
